import type { RolloutEvent } from '@hotswap/contracts';

/** What a rollout was asked to do: exactly what RolloutStarted records. */
export type RolloutPlan = Readonly<Extract<RolloutEvent, { type: 'RolloutStarted' }>['data']>;

export type NodeProgress =
  | { readonly status: 'pending' }
  | {
      readonly status: 'updated';
      readonly version: string;
      /** What the node ran before; the version a rollback puts back. */
      readonly previousVersion: string | null;
    }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'rolledBack'; readonly restoredVersion: string | null };

type NodesProgress = Readonly<Record<string, NodeProgress>>;

/**
 * Running: nodes are being updated. RollingBack: every node has answered, some failed, and the
 * nodes that took the new version are being put back. Succeeded and Failed are final.
 */
export type RolloutState =
  | { readonly status: 'none' }
  | { readonly status: 'Running'; readonly plan: RolloutPlan; readonly nodes: NodesProgress }
  | { readonly status: 'RollingBack'; readonly plan: RolloutPlan; readonly nodes: NodesProgress }
  | {
      readonly status: 'Succeeded';
      readonly plan: RolloutPlan;
      readonly nodes: NodesProgress;
      readonly finishedAt: string;
    }
  | {
      readonly status: 'Failed';
      readonly plan: RolloutPlan;
      readonly nodes: NodesProgress;
      readonly reason: string;
      readonly finishedAt: string;
    };

export type StartedRollout = Exclude<RolloutState, { status: 'none' }>;

export const initialRolloutState = (): RolloutState => ({ status: 'none' });

export function progressOf(state: StartedRollout, nodeId: string): NodeProgress | undefined {
  return Object.hasOwn(state.nodes, nodeId) ? state.nodes[nodeId] : undefined;
}

/** A node that took the new version over another one: a rollback has something to undo. */
export function needsRollback(
  progress: NodeProgress | undefined,
): progress is Extract<NodeProgress, { status: 'updated' }> {
  return progress?.status === 'updated' && progress.previousVersion !== progress.version;
}

export function isFinished(state: RolloutState): boolean {
  return state.status === 'Succeeded' || state.status === 'Failed';
}
