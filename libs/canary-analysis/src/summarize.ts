import type { SampleSummary } from '@hotswap/contracts';

/**
 * Count, mean, median and 99th percentile of one metric's samples; all 0 when there are none.
 *
 * Percentiles interpolate linearly between the two nearest ranks (Hyndman & Fan type 7, the
 * default of numpy, R and spreadsheets): p50 of an even count is the mean of the middle two.
 * A sample that is not a finite number is refused (RangeError): it would make every figure NaN.
 */
export function summarize(samples: readonly number[]): SampleSummary {
  const notFinite = samples.findIndex((sample) => !Number.isFinite(sample));
  if (notFinite >= 0) {
    throw new RangeError(
      `sample ${notFinite} is ${String(samples[notFinite])}, not a finite number`,
    );
  }
  if (samples.length === 0) return { count: 0, mean: 0, p50: 0, p99: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, sample) => total + sample, 0);
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}

/** `sorted` is ascending and not empty. */
function percentile(sorted: readonly number[], p: number): number {
  const position = (p / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const lower = sorted[below] ?? 0;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] ?? lower;
  return lower + (upper - lower) * (position - below);
}
