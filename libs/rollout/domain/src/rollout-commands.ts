import type {
  CanaryJudgement,
  RolloutControl,
  CommandEnvelope,
  MetricSeries,
  StartRollout as StartRolloutRequest,
  StrategySettings,
} from '@hotswap/contracts';

/**
 * What the strategy-runner asks of a rollout. `Record…` commands report what the runner found
 * out (a node's answer, readings, a judgement); the decider decides what that means for the
 * rollout. Time comes in the command.
 */
export interface StartRollout
  extends Omit<StartRolloutRequest, keyof CommandEnvelope | 'overrides' | 'revert'> {
  readonly type: 'StartRollout';
  /** A rollback of rollout `of`: the version each of `nodes` goes back to. */
  readonly revert?: {
    readonly of: string;
    readonly versions: Readonly<Record<string, string | null>>;
    /**
     * What each of those nodes runs now, when the rollback must be of the latest deployment of
     * the module (StartRolloutRequest's `revert.onlyIfCurrent`).
     */
    readonly current?: Readonly<Record<string, string | null>>;
  };
  /** The cluster's nodes when the rollout starts. */
  readonly nodes: readonly string[];
  /** The strategy's knobs, defaults and overrides resolved. */
  readonly settings: StrategySettings;
  /** ISO-8601 */
  readonly at: string;
}

export type NodeUpdateResult =
  | { readonly ok: true; readonly version: string; readonly previousVersion: string | null }
  | {
      readonly ok: false;
      readonly reason: string;
      /** No answer came (timed out, not delivered): the node may have installed the version. */
      readonly outcomeUnknown?: true;
    };

export interface RecordNodeUpdate {
  readonly type: 'RecordNodeUpdate';
  readonly rolloutId: string;
  readonly nodeId: string;
  readonly result: NodeUpdateResult;
  readonly at: string;
}

/** Several nodes' answers at once (the runner records those that arrived together). */
export interface RecordNodeUpdates {
  readonly type: 'RecordNodeUpdates';
  readonly rolloutId: string;
  readonly answers: readonly { readonly nodeId: string; readonly result: NodeUpdateResult }[];
  readonly at: string;
}

export interface RecordNodeRolledBack {
  readonly type: 'RecordNodeRolledBack';
  readonly rolloutId: string;
  readonly nodeId: string;
  readonly restoredVersion: string | null;
  readonly at: string;
}

/** Several nodes put back at once (the runner records those that came back together). */
export interface RecordNodesRolledBack {
  readonly type: 'RecordNodesRolledBack';
  readonly rolloutId: string;
  readonly answers: readonly { readonly nodeId: string; readonly restoredVersion: string | null }[];
  readonly at: string;
}

/** Canary: the nodes' readings before anything is installed. */
export interface RecordBaseline {
  readonly type: 'RecordBaseline';
  readonly rolloutId: string;
  readonly samples: MetricSeries;
  readonly sampledNodes: number;
  readonly from: string;
  readonly to: string;
  readonly at: string;
}

/** Rolling: the health of a batch's nodes after their installs. */
export interface RecordBatchHealth {
  readonly type: 'RecordBatchHealth';
  readonly rolloutId: string;
  /** 1-based */
  readonly batch: number;
  readonly unhealthy: readonly { readonly nodeId: string; readonly reason: string }[];
  readonly at: string;
}

/** Canary: the judgement of a wave against the baseline. */
export interface RecordWaveAnalysis {
  readonly type: 'RecordWaveAnalysis';
  readonly rolloutId: string;
  /** 1-based */
  readonly wave: number;
  readonly judgement: CanaryJudgement;
  readonly from: string;
  readonly to: string;
  readonly canaryNodesSampled: number;
  readonly baselineNodesSampled: number;
  /** The readings judged, kept in the event for `hotswap rejudge`. */
  readonly samples?: { readonly baseline: MetricSeries; readonly canary: MetricSeries };
  readonly at: string;
}

/** Blue-Green: the smoke test of green on every node (`failed` empty: passed). */
export interface RecordSmokeTest {
  readonly type: 'RecordSmokeTest';
  readonly rolloutId: string;
  readonly failed: readonly { readonly nodeId: string; readonly reason: string }[];
  readonly at: string;
}

/** Blue-Green: every node was asked to serve green (`failed`: those that did not). */
export interface RecordTrafficSwitch {
  readonly type: 'RecordTrafficSwitch';
  readonly rolloutId: string;
  readonly failed: readonly { readonly nodeId: string; readonly reason: string }[];
  readonly at: string;
}

/** Blue-Green: blue was released from every node after the switch-back window. */
export interface RecordBlueReleased {
  readonly type: 'RecordBlueReleased';
  readonly rolloutId: string;
  readonly at: string;
}

/** An operator's pause, resume, abort or promote (`by`: who). */
export interface ControlRollout {
  readonly type: 'ControlRollout';
  readonly rolloutId: string;
  readonly action: RolloutControl;
  readonly by: string;
  readonly at: string;
}

/**
 * The orchestrator gives up on starting a rollout: it must never start afterwards. Decides
 * nothing once the rollout has started (it runs, and its own events end the stage).
 */
export interface FenceRollout {
  readonly type: 'FenceRollout';
  readonly rolloutId: string;
  readonly executionId: string;
  readonly reason: string;
  readonly at: string;
}

/** The runner turns back a rollout an operator asked to abort, once nothing is in flight. */
export interface CarryOutAbort {
  readonly type: 'CarryOutAbort';
  readonly rolloutId: string;
  readonly at: string;
}

/**
 * The runner gives up putting nodes back once the rollback's deadline has passed: the rollout
 * ends Failed with the nodes still on the new version, instead of being tried again for good.
 */
export interface AbandonRollback {
  readonly type: 'AbandonRollback';
  readonly rolloutId: string;
  /** Why, e.g. the deadline and its variable. */
  readonly reason: string;
  readonly at: string;
}

export type RolloutCommand =
  | AbandonRollback
  | RecordSmokeTest
  | RecordTrafficSwitch
  | RecordBlueReleased
  | ControlRollout
  | CarryOutAbort
  | FenceRollout
  | StartRollout
  | RecordNodeUpdate
  | RecordNodeUpdates
  | RecordNodeRolledBack
  | RecordNodesRolledBack
  | RecordBaseline
  | RecordBatchHealth
  | RecordWaveAnalysis;
