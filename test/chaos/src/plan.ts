import type { Environment } from '@hotswap/contracts';
import type { Random } from './random.js';

/**
 * What one planned deployment is for, and so which outcome it must have:
 * - `healthy`: an ordinary deployment → Completed;
 * - `faulty`: a Production version with a fault (its error rate) injected first → RolledBack by
 *   the canary analysis;
 * - `pause-resume`: a slow Development canary an operator pauses and resumes → Completed;
 * - `abort`, `pause-abort`: a slow Development canary an operator aborts (after pausing it) →
 *   RolledBack;
 * - `rollback`: a QA deployment an operator rolls back once it is Completed → RolledBack, its
 *   nodes on the version of the deployment it waited for (`after`).
 */
export type Scenario = 'healthy' | 'faulty' | 'pause-resume' | 'abort' | 'pause-abort' | 'rollback';

export interface PlannedDeployment {
  readonly index: number;
  /** The Idempotency-Key of its POST (and of its fault), so a retried request is the same one. */
  readonly key: string;
  /** When to ask for it, from the start of the workload. */
  readonly atMs: number;
  readonly scenario: Scenario;
  readonly moduleName: string;
  readonly version: string;
  readonly environment: Environment;
  readonly strategy?: 'Canary';
  readonly overrides?: { readonly waveWaitMs: number };
  /** How long an operator keeps it paused (pause-resume). */
  readonly pauseMs?: number;
  /** A deployment of the same module and environment that must be accepted before this one. */
  readonly after?: number;
}

/** Modules shared by ordinary deployments: few, so deployments queue behind each other. */
const SHARED_MODULES = ['payments', 'catalog', 'checkout', 'search', 'ledger', 'profile'];
/**
 * Production's one module. A node's (simulated) error rate is the node's, not a module's: a
 * faulty canary of one module would fail another module's canary on the same nodes at the same
 * time. On one module, Production deployments queue and run one at a time.
 */
const PRODUCTION_MODULE = 'checkout';
const ENVIRONMENT_WEIGHTS: readonly [Environment, number][] = [
  ['Development', 35],
  ['QA', 25],
  ['Staging', 20],
  ['Production', 20],
];
/** Share of Production deployments whose version is faulty. */
const FAULTY_SHARE = 0.3;
/** A canary slow enough for an operator to act on (each wave waits this long). */
const OPERATOR_WAVE_WAIT_MS = { 'pause-resume': 1_500, abort: 20_000 } as const;

/** The seeded plan of `count` deployments over `durationMs`, in the order they are asked for. */
export function planWorkload(
  random: Random,
  count: number,
  durationMs: number,
  seed: number,
): PlannedDeployment[] {
  const share = (p: number) => Math.max(1, Math.round(count * p));
  const operator: Scenario[] = [
    ...Array<Scenario>(share(0.04)).fill('pause-resume'),
    ...Array<Scenario>(share(0.03)).fill('abort'),
    ...Array<Scenario>(share(0.02)).fill('pause-abort'),
    ...Array<Scenario>(share(0.03)).fill('rollback'),
  ];
  // A rollback takes two deployments (the one it goes back to, then the one rolled back).
  const ordinary = count - operator.length - operator.filter((s) => s === 'rollback').length;
  const slots: Scenario[] = random.shuffle([
    ...Array<Scenario>(Math.max(0, ordinary)).fill('healthy'),
    ...operator,
  ]);
  const versions = new Map<string, number>();
  const nextVersion = (moduleName: string, environment: Environment) => {
    const key = `${moduleName}/${environment}`;
    const n = (versions.get(key) ?? 0) + 1;
    versions.set(key, n);
    return `1.${n}.0`;
  };
  const plan: PlannedDeployment[] = [];
  const step = durationMs / count;
  const add = (entry: Omit<PlannedDeployment, 'index' | 'key' | 'atMs'>) => {
    const index = plan.length;
    const atMs = Math.round(index * step + random.int(0, Math.floor(step * 0.8)));
    plan.push({ index, key: `chaos-${seed}-${index}`, atMs, ...entry });
    return index;
  };
  slots.forEach((scenario, slot) => {
    switch (scenario) {
      case 'healthy': {
        const environment = weighted(random, ENVIRONMENT_WEIGHTS);
        const moduleName =
          environment === 'Production' ? PRODUCTION_MODULE : random.pick(SHARED_MODULES);
        const faulty = environment === 'Production' && random.chance(FAULTY_SHARE);
        add({
          scenario: faulty ? 'faulty' : 'healthy',
          moduleName,
          version: nextVersion(moduleName, environment),
          environment,
        });
        return;
      }
      case 'rollback': {
        const moduleName = `rollback-${slot}`;
        const before = add({
          scenario: 'healthy',
          moduleName,
          version: nextVersion(moduleName, 'QA'),
          environment: 'QA',
        });
        add({
          scenario,
          moduleName,
          version: nextVersion(moduleName, 'QA'),
          environment: 'QA',
          after: before,
        });
        return;
      }
      case 'pause-resume':
      case 'abort':
      case 'pause-abort': {
        // A module of its own: a canary held for a while must not hold up the shared modules.
        const moduleName = `operator-${slot}`;
        const waveWaitMs = OPERATOR_WAVE_WAIT_MS[scenario === 'pause-resume' ? scenario : 'abort'];
        add({
          scenario,
          moduleName,
          version: nextVersion(moduleName, 'Development'),
          environment: 'Development',
          strategy: 'Canary',
          overrides: { waveWaitMs },
          ...(scenario === 'pause-resume' ? { pauseMs: random.int(500, 2_000) } : {}),
        });
        return;
      }
      case 'faulty':
        throw new Error('faulty deployments are drawn among the healthy ones');
    }
  });
  return plan;
}

function weighted<T>(random: Random, weights: readonly (readonly [T, number])[]): T {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.int(1, total);
  for (const [value, weight] of weights) {
    roll -= weight;
    if (roll <= 0) return value;
  }
  return weights[weights.length - 1]![0];
}

/** The outcome a planned deployment must end with when everything works. */
export function expectedOutcome(scenario: Scenario): 'Completed' | 'RolledBack' {
  switch (scenario) {
    case 'healthy':
    case 'pause-resume':
      return 'Completed';
    case 'faulty':
    case 'abort':
    case 'pause-abort':
    case 'rollback':
      return 'RolledBack';
  }
}
