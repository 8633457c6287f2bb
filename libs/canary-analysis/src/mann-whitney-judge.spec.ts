import type { MannWhitneyJudgeSettings, MetricName, MetricSeries } from '@hotswap/contracts';
import { DEFAULT_MANN_WHITNEY_SETTINGS } from './default-settings.js';
import { mannWhitneyJudge } from './mann-whitney-judge.js';

// Defaults: significant when p < 0.02 (confidence 0.98), and only when the medians differ by
// ×1.1 or more; floors 0.01, 5, 5, 5; Pass from score 95, Marginal from 75.

/** `count` evenly spread samples within ±5 % of `center`: steady, but not all ties. */
const around = (center: number, count = 10) =>
  Array.from({ length: count }, (_, i) => center * (0.95 + (0.1 * i) / (count - 1)));

const baseline: MetricSeries = {
  errorRate: around(0.002),
  latencyMs: around(120),
  cpuPercent: around(40),
  memoryPercent: around(55),
};
/** The baseline with the named metrics' samples times a factor. */
const canaryTimes = (factors: Partial<Record<MetricName, number>>): MetricSeries => ({
  errorRate: baseline.errorRate.map((v) => v * (factors.errorRate ?? 1)),
  latencyMs: baseline.latencyMs.map((v) => v * (factors.latencyMs ?? 1)),
  cpuPercent: baseline.cpuPercent.map((v) => v * (factors.cpuPercent ?? 1)),
  memoryPercent: baseline.memoryPercent.map((v) => v * (factors.memoryPercent ?? 1)),
});
const analysisOf = (
  series: MetricSeries,
  metric: MetricName,
  settings?: MannWhitneyJudgeSettings,
) => mannWhitneyJudge(baseline, series, settings).metrics.find((m) => m.metric === metric);

describe('the Mann–Whitney judge', () => {
  it('passes a canary like its baseline with score 100, no reason and the settings it used', () => {
    expect(mannWhitneyJudge(baseline, baseline)).toMatchObject({
      judge: 'mann-whitney',
      verdict: 'Pass',
      score: 100,
      reason: null,
      settings: DEFAULT_MANN_WHITNEY_SETTINGS,
    });
  });

  it('records U, z, the p-value and the effect size of each metric', () => {
    // Canary latency ×3: all ten canary samples above all ten baseline ones, so U = 100.
    const analysis = analysisOf(canaryTimes({ latencyMs: 3 }), 'latencyMs');
    expect(analysis).toMatchObject({ verdict: 'High', u: 100 });
    // z = (100 − 50 − ½) / √(10·10·21/12) = 49.5 / 13.228757 = 3.741848; p = 2 · (1 − Φ(z))
    expect(analysis?.z).toBeCloseTo(3.741848, 6);
    expect(analysis?.pValue).toBeCloseTo(0.000182672, 8);
    expect(analysis?.effectSize).toBeCloseTo(3, 10);
  });

  describe('classifies each metric', () => {
    it.each([
      // metric, factor, verdict: why
      ['latencyMs', 3, 'High'], // significant and ×3
      ['latencyMs', 1 / 3, 'Low'], // significant and ÷3: lower is not worse
      ['errorRate', 4, 'Pass'], // ×4 yet 0.008 against 0.002: both under the 0.01 floor
      ['errorRate', 10, 'High'], // 0.02 against floor 0.01: effect size 2
    ] as const)('%s ×%p: %s', (metric, factor, verdict) => {
      expect(analysisOf(canaryTimes({ [metric]: factor }), metric)?.verdict).toBe(verdict);
    });

    it('needs the medians to differ by minEffectSize, not just a significant p-value', () => {
      // Every canary sample ×1.06: p 0.0028, but 1.06 < 1.1.
      const analysis = analysisOf(canaryTimes({ latencyMs: 1.06 }), 'latencyMs');
      expect(analysis?.pValue).toBeCloseTo(0.0028273, 6);
      expect(analysis?.effectSize).toBeCloseTo(1.06, 10);
      expect(analysis?.verdict).toBe('Pass');
    });

    it('needs the p-value, not just the effect size, to call a difference', () => {
      // Medians ×1.2 apart, but six samples a side overlap so much that p is 0.63.
      const wide = [50, 80, 100, 120, 150, 200];
      const judgement = mannWhitneyJudge(
        { ...baseline, latencyMs: wide },
        { ...baseline, latencyMs: wide.map((v) => v * 1.2) },
      );
      expect(judgement.metrics[1]).toMatchObject({ metric: 'latencyMs', verdict: 'Pass' });
      expect(judgement.metrics[1]?.effectSize).toBeCloseTo(1.2, 10);
      expect(judgement.metrics[1]?.pValue).toBeCloseTo(0.6303555, 6);
    });

    it('has no data below 3 samples on either side', () => {
      expect(analysisOf({ ...baseline, cpuPercent: [40, 41] }, 'cpuPercent')?.verdict).toBe(
        'NoData',
      );
      expect(analysisOf({ ...baseline, cpuPercent: [40, 41, 42] }, 'cpuPercent')?.verdict).toBe(
        'Pass',
      );
    });

    it('cannot tell 3 or 4 samples a side apart at 98 % confidence (why callers need ≥ 5)', () => {
      // 3 against 3, canary ×10: the smallest possible p is 0.081, so this passes. A known limit
      // of a rank test, documented in the README, not a behaviour to rely on.
      const few = { ...baseline, errorRate: [0.002, 0.003, 0.004] };
      const judgement = mannWhitneyJudge(few, { ...few, errorRate: [0.02, 0.03, 0.04] });
      expect(judgement.metrics[0]?.pValue).toBeCloseTo(0.0808556, 6);
      expect(judgement.verdict).toBe('Pass');
    });
  });

  describe('scores the share of passing metrics (High and NoData fail, Pass and Low pass)', () => {
    it.each([
      // canary, score, verdict
      [canaryTimes({}), 100, 'Pass'],
      [canaryTimes({ latencyMs: 1 / 3, cpuPercent: 0.5 }), 100, 'Pass'],
      [canaryTimes({ latencyMs: 3 }), 75, 'Marginal'],
      [{ ...baseline, memoryPercent: [] }, 75, 'Marginal'],
      [canaryTimes({ latencyMs: 3, cpuPercent: 2 }), 50, 'Fail'],
      [canaryTimes({ errorRate: 10, latencyMs: 3, cpuPercent: 2, memoryPercent: 2 }), 0, 'Fail'],
    ] as const)('%#: score %p is %s', (canary, score, verdict) => {
      const judgement = mannWhitneyJudge(baseline, canary);
      expect(judgement.score).toBe(score);
      expect(judgement.verdict).toBe(verdict);
    });

    it('moves the bands with passScore and marginalScore (each bound included)', () => {
      const twoWorse = canaryTimes({ latencyMs: 3, cpuPercent: 2 }); // score 50
      const judge = (passScore: number, marginalScore: number) =>
        mannWhitneyJudge(baseline, twoWorse, {
          ...DEFAULT_MANN_WHITNEY_SETTINGS,
          passScore,
          marginalScore,
        }).verdict;
      expect(judge(50, 25)).toBe('Pass');
      expect(judge(60, 50)).toBe('Marginal');
      expect(judge(60, 51)).toBe('Fail');
    });
  });

  it('names the failing metrics with their medians, p-value and effect size', () => {
    const judgement = mannWhitneyJudge(baseline, {
      ...canaryTimes({ latencyMs: 3 }),
      memoryPercent: [55, 56],
    });
    expect(judgement.reason).toBe(
      'latencyMs higher: median 360.0 against 120.0 (p 1.8e-4; effect size 3.00×, floor 5); ' +
        'memoryPercent: too few samples (baseline 10, canary 2; at least 3 needed on each side)',
    );
  });

  describe('refuses settings it cannot judge by, naming the field', () => {
    const settings = (overrides: Partial<MannWhitneyJudgeSettings>): MannWhitneyJudgeSettings => ({
      ...DEFAULT_MANN_WHITNEY_SETTINGS,
      ...overrides,
    });
    it.each([
      [{ confidence: 0 }, 'confidence must be between 0 and 1, exclusive (got 0)'],
      [{ confidence: 1 }, 'confidence must be between 0 and 1, exclusive (got 1)'],
      [{ confidence: 98 }, 'confidence must be between 0 and 1, exclusive (got 98)'],
      [{ minEffectSize: 0.9 }, 'minEffectSize must be a number of at least 1 (got 0.9)'],
      [{ passScore: 101 }, 'passScore must be between 0 and 100 (got 101)'],
      [{ marginalScore: 96 }, 'marginalScore must be between 0 and passScore (95) (got 96)'],
      [{ marginalScore: -1 }, 'marginalScore must be between 0 and passScore (95) (got -1)'],
      [
        { floor: { ...DEFAULT_MANN_WHITNEY_SETTINGS.floor, errorRate: 0 } },
        'floor.errorRate must be a number above 0 (got 0)',
      ],
    ])('%j', (overrides, message) => {
      expect(() => mannWhitneyJudge(baseline, baseline, settings(overrides))).toThrow(
        new RangeError(message),
      );
    });

    it('accepts the edges of each range', () => {
      const edges = settings({ minEffectSize: 1, passScore: 100, marginalScore: 100 });
      expect(mannWhitneyJudge(baseline, baseline, edges).verdict).toBe('Pass');
      expect(
        mannWhitneyJudge(baseline, baseline, settings({ passScore: 0, marginalScore: 0 })).verdict,
      ).toBe('Pass');
    });
  });
});
