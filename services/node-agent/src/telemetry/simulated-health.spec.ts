import { SimulatedHealth, type HealthSample } from './simulated-health.js';

describe('simulated node health', () => {
  it('stays within plausible bounds and drifts instead of jumping', () => {
    const health = new SimulatedHealth();
    let previous: HealthSample = health.next('development-01');
    for (let i = 0; i < 2_000; i++) {
      const sample = health.next('development-01');
      expect(sample.cpuPercent).toBeGreaterThanOrEqual(5);
      expect(sample.cpuPercent).toBeLessThan(90);
      expect(sample.memoryPercent).toBeLessThan(90);
      expect(sample.latencyMs).toBeGreaterThan(0);
      expect(sample.errorRate).toBeGreaterThanOrEqual(0);
      expect(sample.errorRate).toBeLessThanOrEqual(0.05);
      expect(Math.abs(sample.cpuPercent - previous.cpuPercent)).toBeLessThanOrEqual(5.1);
      previous = sample;
    }
  });

  it('keeps one walk per node', () => {
    const values = [0, 1];
    let i = 0;
    const health = new SimulatedHealth(() => values[i++ % 2]!);
    expect(health.next('a').cpuPercent).toBe(15);
    expect(health.next('b').cpuPercent).toBe(15);
    expect(health.next('a').cpuPercent).toBeCloseTo(15 + (0 * 2 - 1) * 5, 5);
  });
});
