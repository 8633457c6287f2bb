import type { MetricSeries, ThresholdJudgeSettings } from '@hotswap/contracts';
import { DEFAULT_THRESHOLD_SETTINGS } from './default-settings.js';
import { thresholdJudge } from './threshold-judge.js';

// The threshold judge compares means: canary / max(baseline, floor) against maxRatio.
// Defaults: maxRatio errorRate 1.5, latencyMs 2, cpu and memory 1.3; floors 0.01, 5, 5, 5.

const baseline: MetricSeries = {
  errorRate: [0.002, 0.004],
  latencyMs: [100, 100],
  cpuPercent: [40, 40],
  memoryPercent: [50, 50],
};
const canaryWith = (figures: Partial<MetricSeries>): MetricSeries => ({ ...baseline, ...figures });

describe('the threshold judge', () => {
  it('passes a canary like its baseline, with score 100, no reason and the settings it used', () => {
    const judgement = thresholdJudge(baseline, baseline);
    expect(judgement).toMatchObject({
      judge: 'threshold',
      verdict: 'Pass',
      score: 100,
      reason: null,
      settings: DEFAULT_THRESHOLD_SETTINGS,
    });
    expect(judgement.metrics.map((analysis) => analysis.metric)).toEqual([
      'errorRate',
      'latencyMs',
      'cpuPercent',
      'memoryPercent',
    ]);
  });

  it('records each metric’s summaries, ratio, allowed ratio and floor', () => {
    const judgement = thresholdJudge(baseline, canaryWith({ latencyMs: [150, 170] }));
    expect(judgement.metrics[1]).toEqual({
      metric: 'latencyMs',
      baseline: { count: 2, mean: 100, p50: 100, p99: 100 },
      canary: { count: 2, mean: 160, p50: 160, p99: 169.8 },
      verdict: 'Pass',
      ratio: 1.6,
      maxRatio: 2,
      floor: 5,
    });
  });

  it.each([
    // metric, canary samples, ratio, verdict: why
    ['latencyMs', [200, 200], 2, 'Pass'], // exactly the allowed ratio is still allowed
    ['latencyMs', [201, 201], 2.01, 'High'],
    ['cpuPercent', [53.6, 53.6], 1.34, 'High'],
    ['cpuPercent', [20, 20], 0.5, 'Pass'], // lower is never worse
    ['errorRate', [0.012, 0.012], 1.2, 'Pass'], // 0.012 / max(0.003, floor 0.01): 1.2, not 4
    ['errorRate', [0.016, 0.016], 1.6, 'High'],
  ] as const)('judges %s %j at ratio %p: %s', (metric, samples, ratio, verdict) => {
    const judgement = thresholdJudge(baseline, canaryWith({ [metric]: samples }));
    const analysis = judgement.metrics.find((m) => m.metric === metric);
    expect(analysis?.ratio).toBeCloseTo(ratio, 10);
    expect(analysis?.verdict).toBe(verdict);
    expect(judgement.verdict).toBe(verdict === 'Pass' ? 'Pass' : 'Fail');
    expect(judgement.score).toBe(verdict === 'Pass' ? 100 : 0);
  });

  it('says in figures what failed, and which side sent nothing', () => {
    const judgement = thresholdJudge(
      baseline,
      canaryWith({ errorRate: [0.2, 0.2], latencyMs: [] }),
    );
    expect(judgement.verdict).toBe('Fail');
    expect(judgement.reason).toBe(
      'errorRate 0.2000 is 20.0× the baseline 0.0030 (floor 0.01; allowed 1.5×); ' +
        'latencyMs: no samples from the canary',
    );
  });

  it('shows a ratio just over the limit with the decimals that make it visibly over', () => {
    const judgement = thresholdJudge(baseline, canaryWith({ cpuPercent: [52.4, 52.4] }));
    expect(judgement.reason).toBe(
      'cpuPercent 52.4 is 1.31× the baseline 40.0 (floor 5; allowed 1.3×)',
    );
  });

  it('names both sides when neither sent samples', () => {
    const none = canaryWith({ memoryPercent: [] });
    expect(thresholdJudge(none, none).reason).toBe(
      'memoryPercent: no samples from the baseline or the canary',
    );
  });

  describe('refuses settings and samples it cannot judge by, naming the field', () => {
    const withFloor = (floor: number): ThresholdJudgeSettings => ({
      ...DEFAULT_THRESHOLD_SETTINGS,
      floor: { ...DEFAULT_THRESHOLD_SETTINGS.floor, latencyMs: floor },
    });
    const withMaxRatio = (maxRatio: number): ThresholdJudgeSettings => ({
      ...DEFAULT_THRESHOLD_SETTINGS,
      maxRatio: { ...DEFAULT_THRESHOLD_SETTINGS.maxRatio, cpuPercent: maxRatio },
    });

    it.each([
      [withFloor(0), 'floor.latencyMs must be a number above 0 (got 0)'],
      [withFloor(-1), 'floor.latencyMs must be a number above 0 (got -1)'],
      [withFloor(Number.NaN), 'floor.latencyMs must be a number above 0 (got NaN)'],
      [withMaxRatio(0), 'maxRatio.cpuPercent must be a number above 0 (got 0)'],
      [withMaxRatio(Infinity), 'maxRatio.cpuPercent must be a number above 0 (got Infinity)'],
    ])('%#: %s', (settings, message) => {
      expect(() => thresholdJudge(baseline, baseline, settings)).toThrow(new RangeError(message));
    });

    it('refuses a sample that is not a finite number', () => {
      expect(() => thresholdJudge(baseline, canaryWith({ latencyMs: [100, Number.NaN] }))).toThrow(
        new RangeError('canary.latencyMs[1] must be a finite number (got NaN)'),
      );
    });
  });
});
