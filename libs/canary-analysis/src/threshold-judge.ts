import {
  METRIC_NAMES,
  type CanaryJudgement,
  type MetricAnalysis,
  type MetricName,
  type MetricSeries,
  type ThresholdJudgeSettings,
} from '@hotswap/contracts';
import { DEFAULT_THRESHOLD_SETTINGS } from './default-settings.js';
import { requireFloors, requireNumber, summarizeSide } from './input-checks.js';
import { figure, ratioAbove } from './reason-wording.js';

/**
 * The rule of the system HotSwap replaces: a metric fails when the canary's mean is more than
 * maxRatio times the baseline's (the baseline raised to its floor first, so a zero baseline
 * divides nothing by zero). A canary lower than its baseline passes. Any failing metric, or a
 * metric without samples on either side, fails the canary.
 */
export function thresholdJudge(
  baseline: MetricSeries,
  canary: MetricSeries,
  settings: ThresholdJudgeSettings = DEFAULT_THRESHOLD_SETTINGS,
): CanaryJudgement {
  requireThresholdSettings(settings);
  const metrics = METRIC_NAMES.map((metric) =>
    analyze(metric, baseline[metric], canary[metric], settings),
  );
  const failing = metrics.filter((analysis) => analysis.verdict !== 'Pass');
  const passed = failing.length === 0;
  return {
    judge: 'threshold',
    verdict: passed ? 'Pass' : 'Fail',
    score: passed ? 100 : 0,
    metrics,
    reason: passed ? null : failing.map(explain).join('; '),
    settings,
  };
}

function requireThresholdSettings(settings: ThresholdJudgeSettings): void {
  for (const metric of METRIC_NAMES) {
    requireNumber(
      `maxRatio.${metric}`,
      settings.maxRatio[metric],
      (value) => value > 0,
      'a number above 0',
    );
  }
  requireFloors(settings.floor);
}

function analyze(
  metric: MetricName,
  baselineSamples: readonly number[],
  canarySamples: readonly number[],
  settings: ThresholdJudgeSettings,
): MetricAnalysis {
  const baseline = summarizeSide('baseline', metric, baselineSamples);
  const canary = summarizeSide('canary', metric, canarySamples);
  const maxRatio = settings.maxRatio[metric];
  const floor = settings.floor[metric];
  if (baseline.count === 0 || canary.count === 0) {
    return { metric, baseline, canary, verdict: 'NoData', maxRatio, floor };
  }
  const ratio = canary.mean / Math.max(baseline.mean, floor);
  const verdict = ratio > maxRatio ? 'High' : 'Pass';
  return { metric, baseline, canary, verdict, ratio, maxRatio, floor };
}

/** e.g. "errorRate 0.2000 is 20.0× the baseline 0.0030 (floor 0.01; allowed 1.5×)". */
function explain(analysis: MetricAnalysis): string {
  const { metric, baseline, canary, ratio = 0, maxRatio = 0, floor } = analysis;
  if (analysis.verdict === 'NoData') {
    const from = [
      ...(baseline.count === 0 ? ['the baseline'] : []),
      ...(canary.count === 0 ? ['the canary'] : []),
    ];
    return `${metric}: no samples from ${from.join(' or ')}`;
  }
  return (
    `${metric} ${figure(canary.mean)} is ${ratioAbove(ratio, maxRatio)} the baseline ` +
    `${figure(baseline.mean)} (floor ${String(floor)}; allowed ${String(maxRatio)}×)`
  );
}
