import { METRIC_NAMES, type MetricName, type SampleSummary } from '@hotswap/contracts';
import { summarize } from './summarize.js';

/** Throws a RangeError naming `field` unless `value` is a finite number that `isValid`. */
export function requireNumber(
  field: string,
  value: number,
  isValid: (value: number) => boolean,
  expected: string,
): void {
  if (!Number.isFinite(value) || !isValid(value)) {
    throw new RangeError(`${field} must be ${expected} (got ${String(value)})`);
  }
}

/** Every floor is a divisor, so each must be above 0. */
export function requireFloors(floor: Readonly<Record<MetricName, number>>): void {
  for (const metric of METRIC_NAMES) {
    requireNumber(`floor.${metric}`, floor[metric], (value) => value > 0, 'a number above 0');
  }
}

/** The summary of one side's samples of one metric, refusing NaN and ±Infinity by name. */
export function summarizeSide(
  side: 'baseline' | 'canary',
  metric: MetricName,
  samples: readonly number[],
): SampleSummary {
  const notFinite = samples.findIndex((sample) => !Number.isFinite(sample));
  if (notFinite >= 0) {
    const value = String(samples[notFinite]);
    throw new RangeError(`${side}.${metric}[${notFinite}] must be a finite number (got ${value})`);
  }
  return summarize(samples);
}
