import type { Environment, Fault } from '@hotswap/contracts';
import { rounded, type HealthSample } from '../telemetry/simulated-health.js';

/** The faults that apply to a node of `environment` that runs `modules` (name → version). */
export function faultsAffecting(
  faults: readonly Fault[],
  environment: Environment,
  modules: Readonly<Record<string, string>>,
): Fault[] {
  return faults.filter(
    (fault) => fault.environment === environment && modules[fault.moduleName] === fault.version,
  );
}

/** The active fault that makes installing `moduleName` `version` fail in `environment`, if any. */
export function failingInstall(
  faults: readonly Fault[],
  environment: Environment,
  moduleName: string,
  version: string,
): Fault | undefined {
  return faults.find(
    (fault) =>
      fault.failInstall === true &&
      fault.environment === environment &&
      fault.moduleName === moduleName &&
      fault.version === version,
  );
}

/** Relative noise on a fault's figures, so a faulty node's series looks measured, not constant. */
export const FAULT_NOISE = 0.03;

interface Effect {
  readonly figure: keyof HealthSample;
  readonly of: (fault: Fault) => number | undefined;
  readonly max: number;
  readonly decimals: number;
}

const EFFECTS: readonly Effect[] = [
  { figure: 'errorRate', of: (f) => f.errorRate, max: 1, decimals: 4 },
  { figure: 'latencyMs', of: (f) => f.latencyMs, max: Number.POSITIVE_INFINITY, decimals: 1 },
  { figure: 'cpuPercent', of: (f) => f.cpu, max: 100, decimals: 1 },
  { figure: 'memoryPercent', of: (f) => f.memory, max: 100, decimals: 1 },
];

/**
 * The figures a node reports under `faults`: each figure a fault names is replaced by the fault's
 * value (the highest, when several faults name it) within ±3 %; the others stay healthy.
 * `random` is injected so tests can pin it.
 */
export function withFaults(
  healthy: HealthSample,
  faults: readonly Fault[],
  random: () => number = Math.random,
): HealthSample {
  if (faults.length === 0) return healthy;
  const sample: { -readonly [K in keyof HealthSample]: number } = { ...healthy };
  for (const { figure, of, max, decimals } of EFFECTS) {
    const values = faults.map(of).filter((value) => value !== undefined);
    if (values.length === 0) continue;
    const noisy = Math.max(...values) * (1 + (random() * 2 - 1) * FAULT_NOISE);
    sample[figure] = rounded(Math.min(max, Math.max(0, noisy)), decimals);
  }
  return sample;
}
