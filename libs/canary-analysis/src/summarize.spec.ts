import { summarize } from './summarize.js';

// Percentiles interpolate between the nearest ranks: position p/100 × (n − 1) in the sorted
// samples (numpy.percentile's default), so these can be checked by hand.
describe('summarize', () => {
  it('is all zeros for no samples, never NaN', () => {
    expect(summarize([])).toEqual({ count: 0, mean: 0, p50: 0, p99: 0 });
  });

  it('gives a single sample as every figure', () => {
    expect(summarize([7])).toEqual({ count: 1, mean: 7, p50: 7, p99: 7 });
  });

  it('takes the middle sample of an odd count as p50, whatever the order', () => {
    // sorted 1 2 3 4 5; p50 at position 2 → 3; p99 at 3.96 → 4 + 0.96 × (5 − 4)
    expect(summarize([5, 1, 4, 2, 3])).toEqual({ count: 5, mean: 3, p50: 3, p99: 4.96 });
  });

  it('interpolates between the middle two of an even count', () => {
    // p50 at position 1.5 → 2.5; p99 at 2.97 → 3 + 0.97 × (4 − 3)
    const summary = summarize([1, 2, 3, 4]);
    expect(summary).toMatchObject({ count: 4, mean: 2.5, p50: 2.5 });
    expect(summary.p99).toBeCloseTo(3.97, 12);
  });

  it('lets one slow request show in p99 but barely in p50', () => {
    // 99 samples of 10 ms and one of 1000 ms: p99 at position 98.01 → 10 + 0.01 × 990
    const summary = summarize([...Array<number>(99).fill(10), 1000]);
    expect(summary.mean).toBeCloseTo(19.9, 9);
    expect(summary.p50).toBe(10);
    expect(summary.p99).toBeCloseTo(19.9, 9);
  });

  it('does not reorder the caller’s samples', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses a sample that is not a finite number, rather than answer NaN', () => {
    expect(() => summarize([1, Number.NaN])).toThrow(
      new RangeError('sample 1 is NaN, not a finite number'),
    );
    expect(() => summarize([Infinity])).toThrow(RangeError);
  });
});
