import { readInt, type Environment } from './readers.js';
import type { VariableProblems } from './variable-problems.js';

export const DEFAULT_ROLLBACK_DEADLINE_MS = 600_000;

/**
 * HOTSWAP_ROLLBACK_DEADLINE_MS: how long a rollout turning back may take (ADR 0011). Read by the
 * strategy-runner, which abandons a rollback past it, and by the orchestrator, which waits that
 * long for a rollout it asked to abort at a stage's deadline: one rule, read in one place.
 */
export function readRollbackDeadlineMs(env: Environment, problems: VariableProblems): number {
  return problems.read(
    () =>
      readInt(env, 'HOTSWAP_ROLLBACK_DEADLINE_MS', {
        default: DEFAULT_ROLLBACK_DEADLINE_MS,
        min: 100,
        max: 86_400_000,
      }),
    DEFAULT_ROLLBACK_DEADLINE_MS,
  );
}
