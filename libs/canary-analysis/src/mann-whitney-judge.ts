import {
  METRIC_NAMES,
  type CanaryJudgement,
  type MannWhitneyJudgeSettings,
  type MetricAnalysis,
  type MetricName,
  type MetricSeries,
} from '@hotswap/contracts';
import { DEFAULT_MANN_WHITNEY_SETTINGS } from './default-settings.js';
import { requireFloors, requireNumber, summarizeSide } from './input-checks.js';
import { mannWhitneyU } from './mann-whitney-u.js';
import { figure, pValueText } from './reason-wording.js';

/**
 * Fewer samples than this on either side is NoData. Below 3 a rank test has nothing to rank.
 * Note that at the default confidence (0.98) a difference needs at least 5 samples a side to
 * ever be significant, so with 3 or 4 a canary passes whatever its figures: ask for more.
 */
export const MIN_SAMPLES_PER_SIDE = 3;

/**
 * A statistical judge in the manner of Kayenta's Mann–Whitney classifier (Netflix/Spinnaker
 * automated canary analysis): per metric, High when the canary is significantly higher
 * (p < 1 − confidence) and its median at least minEffectSize times the baseline's; Low when
 * significantly lower by that factor; else Pass. Every metric here is worse when higher, so High
 * and NoData fail, Pass and Low pass. The score is the share of passing metrics (0–100); the
 * verdict is Pass from passScore, Marginal from marginalScore, else Fail.
 */
export function mannWhitneyJudge(
  baseline: MetricSeries,
  canary: MetricSeries,
  settings: MannWhitneyJudgeSettings = DEFAULT_MANN_WHITNEY_SETTINGS,
): CanaryJudgement {
  requireMannWhitneySettings(settings);
  const metrics = METRIC_NAMES.map((metric) =>
    analyze(metric, baseline[metric], canary[metric], settings),
  );
  const failing = metrics.filter(({ verdict }) => verdict === 'High' || verdict === 'NoData');
  const score = Math.round((10_000 * (metrics.length - failing.length)) / metrics.length) / 100;
  const verdict =
    score >= settings.passScore ? 'Pass' : score >= settings.marginalScore ? 'Marginal' : 'Fail';
  return {
    judge: 'mann-whitney',
    verdict,
    score,
    metrics,
    reason:
      verdict === 'Pass'
        ? null
        : failing.map((analysis) => explain(analysis, settings.floor[analysis.metric])).join('; '),
    settings,
  };
}

function requireMannWhitneySettings(settings: MannWhitneyJudgeSettings): void {
  const { confidence, minEffectSize, passScore, marginalScore } = settings;
  requireNumber('confidence', confidence, (c) => c > 0 && c < 1, 'between 0 and 1, exclusive');
  requireNumber('minEffectSize', minEffectSize, (e) => e >= 1, 'a number of at least 1');
  requireNumber('passScore', passScore, (s) => s >= 0 && s <= 100, 'between 0 and 100');
  requireNumber(
    'marginalScore',
    marginalScore,
    (s) => s >= 0 && s <= passScore,
    `between 0 and passScore (${String(passScore)})`,
  );
  requireFloors(settings.floor);
}

function analyze(
  metric: MetricName,
  baselineSamples: readonly number[],
  canarySamples: readonly number[],
  settings: MannWhitneyJudgeSettings,
): MetricAnalysis {
  const baseline = summarizeSide('baseline', metric, baselineSamples);
  const canary = summarizeSide('canary', metric, canarySamples);
  if (baseline.count < MIN_SAMPLES_PER_SIDE || canary.count < MIN_SAMPLES_PER_SIDE) {
    return { metric, baseline, canary, verdict: 'NoData' };
  }
  const { u, z, pValue } = mannWhitneyU(baselineSamples, canarySamples);
  const floor = settings.floor[metric];
  const effectSize = Math.max(canary.p50, floor) / Math.max(baseline.p50, floor);
  const significant = pValue < 1 - settings.confidence;
  const verdict =
    significant && effectSize >= settings.minEffectSize
      ? 'High'
      : significant && effectSize <= 1 / settings.minEffectSize
        ? 'Low'
        : 'Pass';
  return { metric, baseline, canary, verdict, u, z, pValue, effectSize };
}

/**
 * e.g. "errorRate higher: median 0.0200 against 0.0020 (p 3.1e-21; effect size 2.00×, floor 0.01)":
 * the floor shows why the effect size is smaller than the medians' ratio.
 */
function explain(analysis: MetricAnalysis, floor: number): string {
  const { metric, baseline, canary, pValue = 1, effectSize = 1 } = analysis;
  if (analysis.verdict === 'NoData') {
    return (
      `${metric}: too few samples (baseline ${baseline.count}, canary ${canary.count}; ` +
      `at least ${MIN_SAMPLES_PER_SIDE} needed on each side)`
    );
  }
  return (
    `${metric} higher: median ${figure(canary.p50)} against ${figure(baseline.p50)} ` +
    `(p ${pValueText(pValue)}; effect size ${effectSize.toFixed(2)}×, floor ${String(floor)})`
  );
}
