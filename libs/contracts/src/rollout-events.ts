import type { Environment, StrategyName } from './environments.js';

/**
 * Events of stream `rollout-<rolloutId>` (owned by the strategy-runner). A deployment's rollout id
 * is its execution id. Stored names: never rename.
 */
export type RolloutEvent =
  | {
      type: 'RolloutStarted';
      data: {
        rolloutId: string;
        executionId: string;
        moduleName: string;
        version: string;
        targetEnvironment: Environment;
        strategy: StrategyName;
        nodes: string[];
        startedAt: string;
      };
    }
  | {
      type: 'NodeUpdated';
      data: {
        rolloutId: string;
        nodeId: string;
        version: string;
        previousVersion: string | null;
        at: string;
      };
    }
  | {
      type: 'NodeUpdateFailed';
      data: { rolloutId: string; nodeId: string; reason: string; at: string };
    }
  | {
      type: 'NodeRolledBack';
      data: { rolloutId: string; nodeId: string; restoredVersion: string | null; at: string };
    }
  | { type: 'RolloutSucceeded'; data: { rolloutId: string; at: string } }
  | { type: 'RolloutFailed'; data: { rolloutId: string; reason: string; at: string } };

export type RolloutEventType = RolloutEvent['type'];

export const ROLLOUT_CATEGORY = 'rollout';
export const rolloutStream = (rolloutId: string) => `${ROLLOUT_CATEGORY}-${rolloutId}`;
