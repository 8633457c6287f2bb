/** One node's simulated health figures, as a NodeTelemetry carries them. */
export interface HealthSample {
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly latencyMs: number;
  readonly errorRate: number;
}

export interface HealthRange {
  readonly min: number;
  readonly max: number;
  /** Where a node starts, within [min, max]. */
  readonly start: readonly [number, number];
  /** Largest change from one sample to the next. */
  readonly step: number;
  readonly decimals: number;
}

// Narrow bands around one level per figure (CPU 26 %, memory 45 %, latency 20 ms, error rate
// 0.2 %): a canary analysis compares nodes with each other, and healthy nodes must never differ
// (each figure stays within a few percent of the fleet's mean, well inside the ±15 % for CPU and
// memory and ±30 % for latency that judges tolerate; error rates stay under 0.5 %). Injected
// faults (fault-effects.ts) are what makes a node look unhealthy.
export const HEALTHY_RANGES: Readonly<Record<keyof HealthSample, HealthRange>> = {
  cpuPercent: { min: 25, max: 27, start: [25.5, 26.5], step: 0.3, decimals: 1 },
  memoryPercent: { min: 43, max: 47, start: [44, 46], step: 0.3, decimals: 1 },
  latencyMs: { min: 19, max: 21, start: [19.5, 20.5], step: 0.3, decimals: 1 },
  errorRate: { min: 0, max: 0.004, start: [0.001, 0.003], step: 0.0002, decimals: 4 },
};

/**
 * Plausible figures for simulated nodes: each one a bounded random walk per node, so a dashboard
 * shows values that drift rather than jump. `random` is injected so tests can pin it.
 */
export class SimulatedHealth {
  private readonly last = new Map<string, HealthSample>();

  constructor(private readonly random: () => number = Math.random) {}

  next(nodeId: string): HealthSample {
    const previous = this.last.get(nodeId);
    const sample = {
      cpuPercent: this.walk(HEALTHY_RANGES.cpuPercent, previous?.cpuPercent),
      memoryPercent: this.walk(HEALTHY_RANGES.memoryPercent, previous?.memoryPercent),
      latencyMs: this.walk(HEALTHY_RANGES.latencyMs, previous?.latencyMs),
      errorRate: this.walk(HEALTHY_RANGES.errorRate, previous?.errorRate),
    };
    this.last.set(nodeId, sample);
    return sample;
  }

  private walk(range: HealthRange, previous: number | undefined): number {
    const value =
      previous === undefined
        ? range.start[0] + this.random() * (range.start[1] - range.start[0])
        : previous + (this.random() * 2 - 1) * range.step;
    return rounded(Math.min(range.max, Math.max(range.min, value)), range.decimals);
  }
}

/**
 * `value` with at most `decimals` decimals. Not `toFixed`, which is slow enough to matter when a
 * metrics query takes thousands of readings at once.
 */
export function rounded(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
