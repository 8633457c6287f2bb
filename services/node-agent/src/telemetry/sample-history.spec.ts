import type { MetricSample } from '@hotswap/contracts';
import { SampleHistory } from './sample-history.js';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const sampleAt = (offsetMs: number, cpuPercent = 26): MetricSample => ({
  at: new Date(T0 + offsetMs).toISOString(),
  cpuPercent,
  memoryPercent: 45,
  latencyMs: 20,
  errorRate: 0.002,
});
const times = (samples: MetricSample[]) => samples.map((s) => Date.parse(s.at) - T0);

describe('the readings kept per node', () => {
  it('answers the readings of a window, bounds included, oldest first, per node', () => {
    const history = new SampleHistory();
    for (const offset of [0, 1_000, 2_000, 3_000]) history.record('qa-01', sampleAt(offset));
    history.record('qa-02', sampleAt(1_500));
    expect(times(history.between('qa-01', T0 + 1_000, T0 + 2_000))).toEqual([1_000, 2_000]);
    expect(times(history.between('qa-01', T0 - 10, T0 + 10_000))).toEqual([0, 1_000, 2_000, 3_000]);
    expect(times(history.between('qa-02', T0, T0 + 10_000))).toEqual([1_500]);
    expect(history.between('qa-03', T0, T0 + 10_000)).toEqual([]);
  });

  it('keeps the last readings up to its capacity', () => {
    const history = new SampleHistory(3);
    for (let i = 0; i < 10; i++) history.record('qa-01', sampleAt(i * 1_000));
    expect(times(history.between('qa-01', T0, T0 + 60_000))).toEqual([7_000, 8_000, 9_000]);
  });

  it('forgets readings older than its age limit before the newest', () => {
    const history = new SampleHistory(1_000, 60_000);
    for (let i = 0; i <= 10; i++) history.record('qa-01', sampleAt(i * 20_000));
    expect(times(history.between('qa-01', T0, T0 + 600_000))).toEqual([
      140_000, 160_000, 180_000, 200_000,
    ]);
  });
});
