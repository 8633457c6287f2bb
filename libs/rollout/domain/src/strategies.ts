import type { StrategyName } from '@hotswap/contracts';

/**
 * Strategies this version can run. Blue-Green needs nodes with an active and a standby slot,
 * which the node-agent does not simulate yet: a rollout that asks for it is recorded and fails
 * at once, never pretends to succeed.
 */
export const IMPLEMENTED_STRATEGIES: readonly StrategyName[] = ['Direct', 'Rolling', 'Canary'];

export function isImplemented(strategy: StrategyName): boolean {
  return IMPLEMENTED_STRATEGIES.includes(strategy);
}
