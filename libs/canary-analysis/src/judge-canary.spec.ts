import type { JudgeSettings, MetricSeries } from '@hotswap/contracts';
import { DEFAULT_MANN_WHITNEY_SETTINGS, DEFAULT_THRESHOLD_SETTINGS, judgeCanary } from './index.js';

// The example in README.md, run as written there.
const baseline: MetricSeries = {
  errorRate: [0.001, 0.002, 0.001, 0.003, 0.002],
  latencyMs: [118, 121, 125, 119, 122],
  cpuPercent: [40, 42, 39, 41, 40],
  memoryPercent: [55, 55, 56, 54, 55],
};
const canary: MetricSeries = { ...baseline, latencyMs: [360, 371, 355, 380, 362] };

describe('judgeCanary', () => {
  it('judges by the threshold judge when the settings name it (README example)', () => {
    const judgement = judgeCanary(baseline, canary, DEFAULT_THRESHOLD_SETTINGS);
    expect(judgement).toMatchObject({ judge: 'threshold', verdict: 'Fail', score: 0 });
    expect(judgement.reason).toBe(
      'latencyMs 365.6 is 3.0× the baseline 121.0 (floor 5; allowed 2×)',
    );
  });

  it('judges by the Mann–Whitney judge when the settings name it (README example)', () => {
    const judgement = judgeCanary(baseline, canary, DEFAULT_MANN_WHITNEY_SETTINGS);
    expect(judgement).toMatchObject({ judge: 'mann-whitney', verdict: 'Marginal', score: 75 });
    expect(judgement.reason).toBe(
      'latencyMs higher: median 362.0 against 121.0 (p 0.0122; effect size 2.99×, floor 5)',
    );
  });

  it('refuses settings naming a judge it does not have', () => {
    const unknown = { judge: 'gut-feeling' } as unknown as JudgeSettings;
    expect(() => judgeCanary(baseline, canary, unknown)).toThrow(
      new RangeError(`judge must be 'threshold' or 'mann-whitney' (got "gut-feeling")`),
    );
  });
});
