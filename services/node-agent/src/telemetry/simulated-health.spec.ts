import { HEALTHY_RANGES, SimulatedHealth, type HealthSample } from './simulated-health.js';

const FIGURES = ['cpuPercent', 'memoryPercent', 'latencyMs', 'errorRate'] as const;

describe('simulated node health', () => {
  it('drifts within its band instead of jumping', () => {
    const health = new SimulatedHealth();
    let previous: HealthSample = health.next('development-01');
    for (let i = 0; i < 2_000; i++) {
      const sample = health.next('development-01');
      for (const figure of FIGURES) {
        expect(sample[figure]).toBeGreaterThanOrEqual(HEALTHY_RANGES[figure].min);
        expect(sample[figure]).toBeLessThanOrEqual(HEALTHY_RANGES[figure].max);
        expect(Math.abs(sample[figure] - previous[figure])).toBeLessThanOrEqual(
          HEALTHY_RANGES[figure].step + 0.05,
        );
      }
      previous = sample;
    }
  });

  it('keeps every healthy node close enough to the others that a canary judge sees no difference', () => {
    const health = new SimulatedHealth();
    const nodes = Array.from({ length: 40 }, (_, i) => `production-${i}`);
    const samples: HealthSample[] = [];
    for (let round = 0; round < 500; round++) {
      for (const nodeId of nodes) samples.push(health.next(nodeId));
    }
    const mean = (figure: keyof HealthSample) =>
      samples.reduce((sum, s) => sum + s[figure], 0) / samples.length;
    const tolerance = { cpuPercent: 0.15, memoryPercent: 0.15, latencyMs: 0.3 } as const;
    for (const figure of ['cpuPercent', 'memoryPercent', 'latencyMs'] as const) {
      const level = mean(figure);
      for (const sample of samples) {
        expect(Math.abs(sample[figure] - level) / level).toBeLessThanOrEqual(tolerance[figure]);
      }
    }
    expect(Math.max(...samples.map((s) => s.errorRate))).toBeLessThan(0.005);
  });

  it('keeps one walk per node', () => {
    const values = [0, 1];
    let i = 0;
    const health = new SimulatedHealth(() => values[i++ % 2]!);
    const { cpuPercent } = HEALTHY_RANGES;
    expect(health.next('a').cpuPercent).toBe(cpuPercent.start[0]);
    expect(health.next('b').cpuPercent).toBe(cpuPercent.start[0]);
    expect(health.next('a').cpuPercent).toBeCloseTo(cpuPercent.start[0] - cpuPercent.step, 5);
  });
});
