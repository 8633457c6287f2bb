import type { StrategyName } from '@hotswap/contracts';

/** Strategies this version can run (all four). */
export const IMPLEMENTED_STRATEGIES: readonly StrategyName[] = [
  'Direct',
  'Rolling',
  'BlueGreen',
  'Canary',
];

export function isImplemented(strategy: StrategyName): boolean {
  return IMPLEMENTED_STRATEGIES.includes(strategy);
}
