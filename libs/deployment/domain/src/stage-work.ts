import {
  STRATEGY_OF,
  type Environment,
  type StageName,
  type StrategyName,
  type StrategyOverrides,
} from '@hotswap/contracts';
import type { StageOutcome } from './deployment-command.js';

/** What running a stage takes; the orchestrator carries it out. */
export type StageWork =
  /** Build and Test are simulated: they succeed after the configured time. */
  | { readonly kind: 'simulate' }
  /** The outcome is known without any outside work. */
  | { readonly kind: 'record'; readonly outcome: StageOutcome }
  /** The strategy-runner rolls the version out; its rollout's events complete the stage. */
  | {
      readonly kind: 'rollout';
      readonly strategy: StrategyName;
      readonly overrides?: StrategyOverrides;
    }
  /** Every node of the cluster must report the new version. */
  | { readonly kind: 'validate' }
  /** The module's signature and certificate, checked against the registry and trusted CAs. */
  | { readonly kind: 'securityScan' };

/** What the request asked of its rollout (absent: the environment's strategy and knobs). */
export interface RolloutRequest {
  readonly strategy?: StrategyName;
  readonly overrides?: StrategyOverrides;
}

export function stageWork(
  stage: StageName,
  environment: Environment,
  rollout: RolloutRequest = {},
): StageWork {
  switch (stage) {
    case 'Build':
    case 'Test':
      return { kind: 'simulate' };
    case 'SecurityScan':
      return { kind: 'securityScan' };
    case 'Validation':
      return { kind: 'validate' };
    case 'DeployToDevelopment':
    case 'DeployToQA':
    case 'DeployToStaging':
    case 'DeployToProduction':
      return {
        kind: 'rollout',
        strategy: rollout.strategy ?? STRATEGY_OF[environment],
        ...(rollout.overrides === undefined ? {} : { overrides: rollout.overrides }),
      };
  }
}
