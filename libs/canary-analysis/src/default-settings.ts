import type {
  MannWhitneyJudgeSettings,
  MetricName,
  ThresholdJudgeSettings,
} from '@hotswap/contracts';

/**
 * Below these a baseline is treated as this value, so a baseline of zero errors (or an idle CPU)
 * never makes a ratio infinite and a canary is not failed for 0.002 errors against 0.
 */
const DEFAULT_FLOOR: Readonly<Record<MetricName, number>> = {
  errorRate: 0.01,
  latencyMs: 5,
  cpuPercent: 5,
  memoryPercent: 5,
};

/** The ratios of the system HotSwap replaces: canary mean over baseline mean. */
export const DEFAULT_THRESHOLD_SETTINGS: ThresholdJudgeSettings = {
  judge: 'threshold',
  maxRatio: { errorRate: 1.5, latencyMs: 2.0, cpuPercent: 1.3, memoryPercent: 1.3 },
  floor: DEFAULT_FLOOR,
};

export const DEFAULT_MANN_WHITNEY_SETTINGS: MannWhitneyJudgeSettings = {
  judge: 'mann-whitney',
  confidence: 0.98,
  minEffectSize: 1.1,
  passScore: 95,
  marginalScore: 75,
  floor: DEFAULT_FLOOR,
};
