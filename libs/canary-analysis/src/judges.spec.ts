import {
  METRIC_NAMES,
  type CanaryJudgement,
  type MetricName,
  type MetricSeries,
} from '@hotswap/contracts';
import { mannWhitneyJudge } from './mann-whitney-judge.js';
import { thresholdJudge } from './threshold-judge.js';

// What both judges must get right, on samples shaped like real telemetry: 60 readings a side
// drawn from a seeded generator, so every run sees the same "random" numbers.

/** mulberry32: a tiny seeded generator of uniform numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A healthy node's figures: mean and standard deviation of each metric. */
const healthy: Record<MetricName, { mean: number; sd: number }> = {
  errorRate: { mean: 0.002, sd: 0.001 },
  latencyMs: { mean: 120, sd: 15 },
  cpuPercent: { mean: 40, sd: 4 },
  memoryPercent: { mean: 55, sd: 2 },
};

/**
 * `count` readings of every metric, normally distributed around the healthy figures (never below
 * 0), each metric's readings multiplied by `scale[metric]` (a canary that is ×3 slower: latencyMs 3).
 */
function readings(
  seed: number,
  scale: Partial<Record<MetricName, number>> = {},
  count = 60,
): MetricSeries {
  const uniform = mulberry32(seed);
  const gaussian = () =>
    Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const metric = (name: MetricName) =>
    Array.from({ length: count }, () => {
      const { mean, sd } = healthy[name];
      return Math.max(0, mean + sd * gaussian()) * (scale[name] ?? 1);
    });
  return {
    errorRate: metric('errorRate'),
    latencyMs: metric('latencyMs'),
    cpuPercent: metric('cpuPercent'),
    memoryPercent: metric('memoryPercent'),
  };
}

const zeros = (count = 60) => Array<number>(count).fill(0);
const allZero: MetricSeries = {
  errorRate: zeros(),
  latencyMs: zeros(),
  cpuPercent: zeros(),
  memoryPercent: zeros(),
};
const empty: MetricSeries = { errorRate: [], latencyMs: [], cpuPercent: [], memoryPercent: [] };

const verdictOf = (judgement: CanaryJudgement, metric: MetricName) =>
  judgement.metrics.find((analysis) => analysis.metric === metric)?.verdict;

/** No Infinity or NaN anywhere in what would be stored. */
function expectFiniteFigures(judgement: CanaryJudgement): void {
  for (const analysis of judgement.metrics) {
    const figures = [
      ...[analysis.baseline, analysis.canary].flatMap(({ count, mean, p50, p99 }) => [
        count,
        mean,
        p50,
        p99,
      ]),
      ...[analysis.ratio, analysis.u, analysis.z, analysis.pValue, analysis.effectSize].filter(
        (figure) => figure !== undefined,
      ),
    ];
    for (const figure of figures) expect(Number.isFinite(figure)).toBe(true);
  }
  expect(Number.isFinite(judgement.score)).toBe(true);
}

const seeds = Array.from({ length: 20 }, (_, i) => 1000 + i);

// With the default settings one failing metric out of four fails the threshold judge outright,
// and leaves the Mann–Whitney judge at score 75: Marginal, which a rollout treats as a failure.
describe.each([
  { name: 'threshold judge', judge: thresholdJudge, oneMetricWorse: 'Fail' },
  { name: 'Mann–Whitney judge', judge: mannWhitneyJudge, oneMetricWorse: 'Marginal' },
])('the $name', ({ judge, oneMetricWorse }) => {
  it.each(seeds)('passes noisy samples of the same healthy service (seed %i)', (seed) => {
    const judgement = judge(readings(seed), readings(seed + 500));
    expect(judgement.metrics.map((analysis) => analysis.verdict)).not.toContain('High');
    expect(judgement.verdict).toBe('Pass');
    expect(judgement.reason).toBeNull();
  });

  it.each([
    ['errorRate', 10],
    ['latencyMs', 3],
    ['cpuPercent', 1.6],
  ] as const)('fails a canary whose %s is ×%p, naming that metric', (metric, factor) => {
    for (const seed of seeds.slice(0, 5)) {
      const judgement = judge(readings(seed), readings(seed + 500, { [metric]: factor }));
      expect(verdictOf(judgement, metric)).toBe('High');
      expect(judgement.verdict).toBe(oneMetricWorse);
      expect(judgement.reason).toMatch(new RegExp(`^${metric}`));
    }
  });

  it('passes a canary that is lower (faster, lighter) than its baseline', () => {
    const judgement = judge(readings(7), readings(8, { latencyMs: 0.5, cpuPercent: 0.7 }));
    expect(judgement.verdict).toBe('Pass');
    expect(judgement.score).toBe(100);
  });

  describe('against a baseline of zeros, uses the floor and never divides by zero', () => {
    it('passes a canary of zeros too', () => {
      const judgement = judge(allZero, allZero);
      expect(judgement.verdict).toBe('Pass');
      expectFiniteFigures(judgement);
    });

    it('passes a canary whose errors stay under the floor (0.5 % against 0)', () => {
      const canary = { ...allZero, errorRate: readings(3).errorRate.map((e) => e + 0.004) };
      const judgement = judge(allZero, canary);
      expect(verdictOf(judgement, 'errorRate')).toBe('Pass');
      expect(judgement.verdict).toBe('Pass');
      expectFiniteFigures(judgement);
    });

    it('fails a canary with 5 % errors', () => {
      const canary = { ...allZero, errorRate: readings(3).errorRate.map((e) => e + 0.05) };
      const judgement = judge(allZero, canary);
      expect(verdictOf(judgement, 'errorRate')).toBe('High');
      expect(judgement.verdict).toBe(oneMetricWorse);
      expectFiniteFigures(judgement);
    });
  });

  describe('never passes what it has no data for', () => {
    it('fails a canary that sent no samples at all', () => {
      const judgement = judge(readings(1), empty);
      expect(judgement.metrics.map((analysis) => analysis.verdict)).toEqual(
        METRIC_NAMES.map(() => 'NoData'),
      );
      expect(judgement.verdict).toBe('Fail');
      expect(judgement.score).toBe(0);
      expectFiniteFigures(judgement);
    });

    it('fails when the baseline sent no samples at all', () => {
      expect(judge(empty, readings(1)).verdict).toBe('Fail');
    });

    it('does not pass a canary missing one metric, on either side', () => {
      const missingLatency = { ...readings(2), latencyMs: [] };
      for (const judgement of [
        judge(readings(1), missingLatency),
        judge(missingLatency, readings(1)),
      ]) {
        expect(verdictOf(judgement, 'latencyMs')).toBe('NoData');
        expect(judgement.verdict).toBe(oneMetricWorse);
        expect(judgement.reason).toMatch(/^latencyMs: /);
      }
    });
  });
});
