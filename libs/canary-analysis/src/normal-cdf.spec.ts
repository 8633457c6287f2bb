import { normalCdf } from './normal-cdf.js';

// Reference values: scipy.stats.norm.cdf (and printed tables for the first three).
describe('the standard normal distribution function Φ', () => {
  it.each([
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1.96, 0.9750021048517795],
    [2.326, 0.9899907246591323],
    [-3, 0.0013498980316300933],
    [-0.66291, 0.2536940983897399],
    [-0.7, 0.24196365222307303],
    [5.66, 0.9999999924313503],
  ])('Φ(%p) = %p to 1e-12', (x, expected) => {
    expect(Math.abs(normalCdf(x) - expected)).toBeLessThan(1e-12);
  });

  // A p-value of 1e−16 must not come out as 0 or 1e−9: a relative error is what matters there.
  it.each([
    [-5.7, 5.99037140106353e-9],
    [-8, 6.22096057427174e-16],
    [-10, 7.61985302416047e-24],
    [-20, 2.7536241186061556e-89],
    [-37, 5.7255712225239266e-300],
  ])('keeps its relative precision in the far tail: Φ(%p) = %p', (x, expected) => {
    expect(Math.abs(normalCdf(x) / expected - 1)).toBeLessThan(1e-12);
  });

  it('is symmetric, monotone and bounded', () => {
    for (let x = -8; x <= 8; x += 0.01) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
      expect(normalCdf(x + 0.01)).toBeGreaterThanOrEqual(normalCdf(x));
    }
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
  });
});
