import type { CanaryJudgement, JudgeSettings, MetricSeries } from '@hotswap/contracts';
import { mannWhitneyJudge } from './mann-whitney-judge.js';
import { thresholdJudge } from './threshold-judge.js';

/** The judge that `settings` names, judging the canary against its baseline. */
export function judgeCanary(
  baseline: MetricSeries,
  canary: MetricSeries,
  settings: JudgeSettings,
): CanaryJudgement {
  switch (settings.judge) {
    case 'threshold':
      return thresholdJudge(baseline, canary, settings);
    case 'mann-whitney':
      return mannWhitneyJudge(baseline, canary, settings);
    default: {
      // Settings read from outside (a request, a stored event) may name a judge that is not here.
      const unknown: { judge: unknown } = settings;
      throw new RangeError(
        `judge must be 'threshold' or 'mann-whitney' (got ${JSON.stringify(unknown.judge)})`,
      );
    }
  }
}
