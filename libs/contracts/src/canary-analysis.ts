import type { MetricName } from './node-metrics.js';

/** Count, mean and percentiles of one metric's samples (all 0 with count 0). */
export interface SampleSummary {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * One metric's verdict. Pass: the canary is not worse. High / Low: the canary is worse by being
 * higher / lower than the baseline (for every metric here, higher is worse). NoData: no samples
 * on one side (never a pass).
 */
export type MetricVerdict = 'Pass' | 'High' | 'Low' | 'NoData';

export interface MetricAnalysis {
  readonly metric: MetricName;
  readonly baseline: SampleSummary;
  readonly canary: SampleSummary;
  readonly verdict: MetricVerdict;
  /** Threshold judge: canary mean / max(baseline mean, floor), and the ratio allowed. */
  readonly ratio?: number;
  readonly maxRatio?: number;
  readonly floor?: number;
  /** Mann–Whitney judge: U statistic, z, two-sided p-value, effect size (canary / baseline median). */
  readonly u?: number;
  readonly z?: number;
  readonly pValue?: number;
  readonly effectSize?: number;
}

export type JudgeName = 'threshold' | 'mann-whitney';

export interface ThresholdJudgeSettings {
  readonly judge: 'threshold';
  /** Degraded when canary > maxRatio × baseline (defaults 1.5, 2.0, 1.3, 1.3). */
  readonly maxRatio: Readonly<Record<MetricName, number>>;
  /** The baseline used when the real one is below it (or zero / missing): no division by zero. */
  readonly floor: Readonly<Record<MetricName, number>>;
}

export interface MannWhitneyJudgeSettings {
  readonly judge: 'mann-whitney';
  /** Two-sided confidence (default 0.98): a difference counts when p < 1 − confidence. */
  readonly confidence: number;
  /**
   * A significant difference counts only when the medians differ by at least this factor (e.g.
   * 1.1): effect size = max(canary median, floor) / max(baseline median, floor).
   */
  readonly minEffectSize: number;
  readonly floor: Readonly<Record<MetricName, number>>;
  /** Score (0–100, share of metrics that pass) at or above which the wave passes (default 95). */
  readonly passScore: number;
  /** At or above this and below passScore: Marginal (default 75); below: Fail. */
  readonly marginalScore: number;
}

export type JudgeSettings = ThresholdJudgeSettings | MannWhitneyJudgeSettings;

/**
 * What a canary decision was based on, kept in CanaryWaveAnalyzed: so "why was this rolled
 * back?" is answered from the history alone. Marginal counts as a failure in a rollout.
 */
export interface CanaryJudgement {
  readonly judge: JudgeName;
  readonly verdict: 'Pass' | 'Marginal' | 'Fail';
  /** Mann–Whitney: the score; threshold: 100 when every metric passed, else 0. */
  readonly score: number;
  readonly metrics: readonly MetricAnalysis[];
  /** In words, naming the metrics that failed (null on a pass). */
  readonly reason: string | null;
  readonly settings: JudgeSettings;
}
