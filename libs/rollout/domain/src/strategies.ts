import type { StrategyName } from '@hotswap/contracts';

/**
 * Strategies this version can run. The others (Rolling, Blue-Green, Canary) arrive with issue 4;
 * until then a rollout that asks for one is recorded and fails at once, never pretends to succeed.
 */
export const IMPLEMENTED_STRATEGIES: readonly StrategyName[] = ['Direct'];

export function isImplemented(strategy: StrategyName): boolean {
  return IMPLEMENTED_STRATEGIES.includes(strategy);
}
