import type { CanaryJudgement, JudgeSettings } from './canary-analysis.js';
import type { Environment, StrategyName } from './environments.js';
import type { MetricSeries } from './node-metrics.js';

/**
 * A strategy's knobs as a rollout used them (recorded in RolloutStarted, so a history says how a
 * rollout was run). Defaults and which knobs a request may override: the strategy-runner's
 * configuration per environment.
 */
export type StrategySettings =
  | { readonly strategy: 'Direct' }
  | {
      readonly strategy: 'Rolling';
      /** Nodes per batch: a count (`2`) or a share of the cluster (`"25%"`), at least one node. */
      readonly batchSize: number | string;
    }
  | {
      readonly strategy: 'BlueGreen';
      /** How long green is smoke-tested before traffic switches. */
      readonly smokeTestMs: number;
      /** How long blue stays loaded after the switch: a rollback within it is an instant switch back. */
      readonly switchBackWindowMs: number;
    }
  | {
      readonly strategy: 'Canary';
      /** Cumulative share of the cluster per wave, in percent, ending at 100. */
      readonly waves: readonly number[];
      /** Wait after a wave's installs before it is analysed. */
      readonly waveWaitMs: number;
      readonly judge: JudgeSettings;
      /** Readings per node an analysis asks for (at least). */
      readonly samplesPerNode: number;
      /** At most this many nodes are sampled per side of an analysis (a random but fixed subset). */
      readonly maxSampledNodes: number;
    };

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
        /** Absent in rollouts recorded before issue 4 (Direct, defaults). */
        settings?: StrategySettings;
        /** The nodes of each batch or wave, in order (Direct and BlueGreen: one step). Absent before issue 4: one step. */
        steps?: string[][];
        /** A rollback of rollout `of`: each node goes back to the version it ran before it. */
        revert?: { of: string; versions: Record<string, string | null> };
        startedAt: string;
      };
    }
  | {
      /** Canary: the nodes' figures before anything was installed, part of every wave's baseline. */
      type: 'BaselineCaptured';
      data: {
        rolloutId: string;
        samples: MetricSeries;
        sampledNodes: number;
        from: string;
        to: string;
        at: string;
      };
    }
  | {
      /** Rolling: a batch (`step`, 1-based) begins. */
      type: 'BatchStarted';
      data: { rolloutId: string; batch: number; nodes: string[]; at: string };
    }
  | {
      type: 'BatchHealthChecked';
      data: {
        rolloutId: string;
        batch: number;
        healthy: boolean;
        /** The nodes found unhealthy and why (empty when healthy). */
        unhealthy: { nodeId: string; reason: string }[];
        at: string;
      };
    }
  | { type: 'BatchCompleted'; data: { rolloutId: string; batch: number; at: string } }
  | {
      type: 'CanaryWaveStarted';
      data: {
        rolloutId: string;
        wave: number;
        /** The wave's target share of the cluster. */
        percent: number;
        /** The nodes this wave adds. */
        nodes: string[];
        /** Nodes on the new version once the wave is installed. */
        canaryNodes: number;
        at: string;
      };
    }
  | {
      type: 'CanaryWaveAnalyzed';
      data: {
        rolloutId: string;
        wave: number;
        judgement: CanaryJudgement;
        /** The window the canary and baseline readings come from. */
        from: string;
        to: string;
        canaryNodesSampled: number;
        baselineNodesSampled: number;
        /**
         * The readings judged (each metric at most 1,000 values per side, spread
         * evenly), so the analysis can be run again under another policy (`hotswap rejudge`).
         * Absent in events recorded before they were kept.
         */
        samples?: { baseline: MetricSeries; canary: MetricSeries };
        at: string;
      };
    }
  | { type: 'CanaryWaveCompleted'; data: { rolloutId: string; wave: number; at: string } }
  | {
      /** Blue-Green: green (on every node's standby slot) checked before any traffic reaches it. */
      type: 'SmokeTestChecked';
      data: {
        rolloutId: string;
        passed: boolean;
        failed: { nodeId: string; reason: string }[];
        at: string;
      };
    }
  | {
      /** Blue-Green: every node serves green; blue waits on standby until `switchBackUntil`. */
      type: 'TrafficSwitched';
      data: { rolloutId: string; nodes: number; switchBackUntil: string; at: string };
    }
  | {
      /** Blue-Green: the switch-back window is over; blue is unloaded from every node. */
      type: 'BlueReleased';
      data: { rolloutId: string; at: string };
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
      data: {
        rolloutId: string;
        nodeId: string;
        reason: string;
        /**
         * No answer came (timed out, not delivered, the node-agent unavailable): the node may have
         * taken the version all the same, so a rollback puts it back too. Absent: the node-agent
         * refused, recording nothing.
         */
        outcomeUnknown?: true;
        at: string;
      };
    }
  | {
      /** An operator stops the rollout where it is: nodes in flight finish, nothing new starts. */
      type: 'RolloutPaused';
      data: { rolloutId: string; by: string; at: string };
    }
  | { type: 'RolloutResumed'; data: { rolloutId: string; by: string; at: string } }
  | {
      /** An operator skips the remaining waits and analyses: every remaining node is updated. */
      type: 'RolloutPromoted';
      data: { rolloutId: string; by: string; at: string };
    }
  | {
      /** An operator asks to stop and roll back; the runner turns back once nothing is in flight. */
      type: 'RolloutAbortRequested';
      data: { rolloutId: string; by: string; at: string };
    }
  | {
      /** The rollout turns back: every node that took the new version is put back. */
      type: 'RollbackStarted';
      data: { rolloutId: string; reason: string; at: string };
    }
  | {
      type: 'NodeRolledBack';
      data: { rolloutId: string; nodeId: string; restoredVersion: string | null; at: string };
    }
  | {
      /**
       * The orchestrator gave up on starting this rollout (its StartRollout went unanswered or was
       * refused): recorded on the empty stream, so a strategy-runner that got the command late
       * can no longer start it. Never follows RolloutStarted.
       */
      type: 'RolloutFenced';
      data: { rolloutId: string; executionId: string; reason: string; at: string };
    }
  | { type: 'RolloutSucceeded'; data: { rolloutId: string; at: string } }
  | { type: 'RolloutFailed'; data: { rolloutId: string; reason: string; at: string } }
  | {
      /** Final: the rollout was turned back (a failed batch or wave) and every node is on its previous version. */
      type: 'RolloutRolledBack';
      data: { rolloutId: string; reason: string; at: string };
    };

export type RolloutEventType = RolloutEvent['type'];

export const ROLLOUT_CATEGORY = 'rollout';
export const rolloutStream = (rolloutId: string) => `${ROLLOUT_CATEGORY}-${rolloutId}`;
