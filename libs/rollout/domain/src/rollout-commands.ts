import type { CommandEnvelope, StartRollout as StartRolloutRequest } from '@hotswap/contracts';

/**
 * What the strategy-runner asks of a rollout. `RecordNode…` commands report what a node answered;
 * the decider decides what that means for the rollout. Time comes in the command.
 */
export interface StartRollout extends Omit<StartRolloutRequest, keyof CommandEnvelope> {
  readonly type: 'StartRollout';
  /** The cluster's nodes when the rollout starts. */
  readonly nodes: readonly string[];
  /** ISO-8601 */
  readonly at: string;
}

export type NodeUpdateResult =
  | { readonly ok: true; readonly version: string; readonly previousVersion: string | null }
  | { readonly ok: false; readonly reason: string };

export interface RecordNodeUpdate {
  readonly type: 'RecordNodeUpdate';
  readonly rolloutId: string;
  readonly nodeId: string;
  readonly result: NodeUpdateResult;
  readonly at: string;
}

export interface RecordNodeRolledBack {
  readonly type: 'RecordNodeRolledBack';
  readonly rolloutId: string;
  readonly nodeId: string;
  readonly restoredVersion: string | null;
  readonly at: string;
}

export type RolloutCommand = StartRollout | RecordNodeUpdate | RecordNodeRolledBack;
