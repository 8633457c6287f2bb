import { parseArgs } from 'node:util';

/**
 * Which faults the run injects: none (a control run), service processes only, the servers only
 * (nats-server, redis-server, the flush: what no restart of a service hides), or all of them.
 */
export type FaultLevel = 'none' | 'services' | 'servers' | 'all';
export const FAULT_LEVELS: readonly FaultLevel[] = ['none', 'services', 'servers', 'all'];

export interface ChaosOptions {
  /** Seeds the workload and the fault schedule: the same seed plans the same run. */
  readonly seed: number;
  readonly deployments: number;
  /** How long deployments are asked for (and faults injected), spread evenly over it. */
  readonly durationMs: number;
  /** After the faults stop, how long to wait for every deployment to end before checking. */
  readonly settleMs: number;
  readonly faults: FaultLevel;
  /** Instances of every service: 2 (the promise), 1 for a control run that leaves them out. */
  readonly instances: number;
  /** Keep the run's folder (servers' data, every process's log) even when the run passes. */
  readonly keep: boolean;
}

export const DEFAULT_OPTIONS: ChaosOptions = {
  seed: 1,
  deployments: 200,
  durationMs: 240_000,
  settleMs: 180_000,
  faults: 'all',
  instances: 2,
  keep: false,
};

export const USAGE = `npm run chaos -- [--seed N] [--deployments N] [--duration 240s] [--settle 180s] [--faults none|services|servers|all] [--instances 2] [--keep]`;

/** `--duration 90s`, `2m`, `1500ms` or plain milliseconds. */
export function parseDuration(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new Error(`--${name} '${text}': expected a duration such as 90s, 2m or 1500ms`);
  const unit = { ms: 1, s: 1_000, m: 60_000 }[match[2] ?? 'ms'] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

function parseCount(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`--${name} '${text}': expected a whole number >= ${min}`);
  }
  return value;
}

/** The options of `npm run chaos`, from its arguments; throws naming a bad one. */
export function parseChaosArgs(args: readonly string[]): ChaosOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      seed: { type: 'string' },
      deployments: { type: 'string' },
      duration: { type: 'string' },
      settle: { type: 'string' },
      faults: { type: 'string' },
      instances: { type: 'string' },
      keep: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const faults = values.faults ?? DEFAULT_OPTIONS.faults;
  if (!(FAULT_LEVELS as readonly string[]).includes(faults)) {
    throw new Error(`--faults '${faults}': expected one of ${FAULT_LEVELS.join(', ')}`);
  }
  return {
    seed: values.seed === undefined ? DEFAULT_OPTIONS.seed : parseCount('seed', values.seed, 0),
    deployments:
      values.deployments === undefined
        ? DEFAULT_OPTIONS.deployments
        : parseCount('deployments', values.deployments, 10),
    durationMs:
      values.duration === undefined
        ? DEFAULT_OPTIONS.durationMs
        : parseDuration('duration', values.duration),
    settleMs:
      values.settle === undefined
        ? DEFAULT_OPTIONS.settleMs
        : parseDuration('settle', values.settle),
    faults: faults as FaultLevel,
    instances:
      values.instances === undefined
        ? DEFAULT_OPTIONS.instances
        : parseCount('instances', values.instances, 1),
    keep: values.keep ?? false,
  };
}
