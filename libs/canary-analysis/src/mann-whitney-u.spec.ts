import { mannWhitneyU } from './mann-whitney-u.js';

// Expected values are worked out by hand below and agree with
// scipy.stats.mannwhitneyu(canary, baseline, method='asymptotic') (two-sided, continuity
// correction, tie-corrected variance).
describe('the Mann–Whitney U test', () => {
  it('ranks ties by their midrank and corrects the variance for them', () => {
    // baseline 1 2 2 4, canary 2 3 5 6. Pooled and sorted:
    //   value  1  2  2  2  3  4  5  6
    //   side   b  b  b  c  c  b  c  c
    //   rank   1  3  3  3  5  6  7  8    (the three 2s share ranks 2, 3, 4 → 3 each)
    // Canary rank sum 3 + 5 + 7 + 8 = 23, so U = 23 − 4·5/2 = 13; mean nb·nc/2 = 8.
    // Ties: one group of t = 3, Σ(t³ − t) = 24; n = 8.
    // Variance = nb·nc/12 · (n + 1 − 24 / (n(n − 1))) = 16/12 · (9 − 24/56) = 11.428571…
    // z = (13 − 8 − ½) / √11.428571 = 4.5 / 3.380617 = 1.331118
    // p = 2 · (1 − Φ(1.331118)) = 0.183150
    const { u, z, pValue } = mannWhitneyU([1, 2, 2, 4], [2, 3, 5, 6]);
    expect(u).toBe(13);
    expect(z).toBeCloseTo(1.331118, 6);
    expect(pValue).toBeCloseTo(0.183150203156622, 12);
  });

  it('finds five canary samples all above five baseline samples significant at 98 %', () => {
    // U = 25 (every pair), mean 12.5, variance 5·5·11/12 = 22.916…, no ties.
    // z = (25 − 12.5 − ½) / 4.787136 = 2.506718; p = 2 · (1 − Φ(2.506718)) = 0.012186
    const { u, z, pValue } = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
    expect(u).toBe(25);
    expect(z).toBeCloseTo(2.506718, 6);
    expect(pValue).toBeCloseTo(0.012185780355344813, 12);
  });

  it('agrees with a published 20 against 20 example with ties', () => {
    // ClickHouse's mannWhitneyUTest test (tests/queries/0_stateless/01560_mann_whitney.sql)
    // gives U 223 for the first sample and p 0.5426959774289482; U of the other is 400 − 223.
    const first = [
      310, 195, 530, 155, 530, 245, 385, 450, 465, 545, 170, 180, 125, 180, 230, 75, 430, 480, 495,
      295,
    ];
    const second = [
      116, 171, 176, 421, 111, 326, 481, 111, 346, 441, 261, 411, 206, 521, 456, 446, 296, 51, 426,
      261,
    ];
    const { u, z, pValue } = mannWhitneyU(first, second);
    expect(u).toBe(177);
    expect(z).toBeLessThan(0);
    expect(pValue).toBeCloseTo(0.5426959774289482, 12);
  });

  it('gives the same p-value and the opposite z when the samples swap sides', () => {
    const a = [12, 15, 11, 19, 14, 15];
    const b = [18, 21, 15, 17, 22, 25, 20];
    const forward = mannWhitneyU(a, b);
    const backward = mannWhitneyU(b, a);
    expect(backward.u).toBe(a.length * b.length - forward.u);
    expect(backward.z).toBeCloseTo(-forward.z, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
  });

  it('sees no difference when there is no spread to measure', () => {
    // All values equal: every rank is the midrank and the tie-corrected variance is 0.
    expect(mannWhitneyU([0, 0, 0], [0, 0, 0, 0])).toEqual({ u: 6, z: 0, pValue: 1 });
    expect(mannWhitneyU([], [1, 2, 3])).toEqual({ u: 0, z: 0, pValue: 1 });
    expect(mannWhitneyU([1, 2, 3], [])).toEqual({ u: 0, z: 0, pValue: 1 });
  });

  it('never reports a p-value above 1 when U sits on its mean', () => {
    // U = 2 = mean: the continuity correction must not push z past 0.
    expect(mannWhitneyU([1, 4], [2, 3])).toEqual({ u: 2, z: 0, pValue: 1 });
  });
});
