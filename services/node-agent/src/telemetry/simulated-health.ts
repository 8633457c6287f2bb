/** One node's simulated health figures, as a NodeTelemetry carries them. */
export interface HealthSample {
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly latencyMs: number;
  readonly errorRate: number;
}

interface Range {
  readonly min: number;
  readonly max: number;
  /** Where a node starts, within [min, max]. */
  readonly start: readonly [number, number];
  /** Largest change from one sample to the next. */
  readonly step: number;
  readonly decimals: number;
}

// Kept under the 90 % CPU and memory that make a node unhealthy: simulated nodes are healthy
// unless a test or demo says otherwise.
const RANGES: Readonly<Record<keyof HealthSample, Range>> = {
  cpuPercent: { min: 5, max: 85, start: [15, 45], step: 5, decimals: 1 },
  memoryPercent: { min: 20, max: 85, start: [30, 60], step: 2, decimals: 1 },
  latencyMs: { min: 2, max: 250, start: [8, 40], step: 4, decimals: 1 },
  errorRate: { min: 0, max: 0.05, start: [0, 0.005], step: 0.001, decimals: 4 },
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
    const pick = (key: keyof HealthSample): number => {
      const range = RANGES[key];
      const value =
        previous === undefined
          ? range.start[0] + this.random() * (range.start[1] - range.start[0])
          : previous[key] + (this.random() * 2 - 1) * range.step;
      const bounded = Math.min(range.max, Math.max(range.min, value));
      return Number(bounded.toFixed(range.decimals));
    };
    const sample = {
      cpuPercent: pick('cpuPercent'),
      memoryPercent: pick('memoryPercent'),
      latencyMs: pick('latencyMs'),
      errorRate: pick('errorRate'),
    };
    this.last.set(nodeId, sample);
    return sample;
  }
}
