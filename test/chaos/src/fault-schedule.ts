import type { FaultLevel } from './options.js';
import type { Random } from './random.js';
import type { InstanceRef } from './chaos-cluster.js';

/** One fault, `atMs` after the workload started. */
export type PlannedFault =
  | {
      readonly atMs: number;
      readonly kind: 'kill';
      readonly target: InstanceRef;
      readonly downMs: number;
    }
  | {
      readonly atMs: number;
      readonly kind: 'stop';
      readonly target: InstanceRef;
      readonly stoppedMs: number;
    }
  | {
      readonly atMs: number;
      readonly kind: 'restart-nats' | 'restart-redis';
      readonly downMs: number;
    }
  | { readonly atMs: number; readonly kind: 'flush-redis' };

/**
 * The seeded fault schedule over `durationMs`: a SIGKILLed service every 3–6 s, back after
 * 1–3 s, and twice a SIGSTOP longer than the lease (`leaseTtlMs` + 3 s) (`services`, `all`);
 * nats-server and redis-server each crashed and restarted twice (down 2–3 s, data kept) and Redis
 * flushed once (`servers`, `all`).
 * Server faults sit at fixed fractions of the run, apart from each other.
 */
export function planFaults(
  random: Random,
  level: FaultLevel,
  durationMs: number,
  instances: readonly InstanceRef[],
  leaseTtlMs: number,
): PlannedFault[] {
  if (level === 'none') return [];
  const around = (fraction: number) =>
    Math.round(durationMs * fraction + random.int(-1_000, 1_000));
  const faults: PlannedFault[] = [];
  const services = level === 'services' || level === 'all';
  for (
    let at = 3_000 + random.int(0, 3_000);
    services && at < durationMs - 3_000;
    at += random.int(3_000, 6_000)
  ) {
    faults.push({
      atMs: at,
      kind: 'kill',
      target: random.pick(instances),
      downMs: random.int(1_000, 3_000),
    });
  }
  for (const fraction of services ? [0.3, 0.7] : []) {
    faults.push({
      atMs: around(fraction),
      kind: 'stop',
      target: random.pick(instances),
      stoppedMs: leaseTtlMs + 3_000,
    });
  }
  if (level === 'servers' || level === 'all') {
    for (const fraction of [0.2, 0.6]) {
      faults.push({
        atMs: around(fraction),
        kind: 'restart-nats',
        downMs: random.int(2_000, 3_000),
      });
    }
    for (const fraction of [0.4, 0.8]) {
      faults.push({
        atMs: around(fraction),
        kind: 'restart-redis',
        downMs: random.int(2_000, 3_000),
      });
    }
    faults.push({ atMs: around(0.5), kind: 'flush-redis' });
  }
  return faults.sort((a, b) => a.atMs - b.atMs);
}
