import type { MetricSeries, RolloutEvent, StrategySettings } from '@hotswap/contracts';

/** What a rollout was asked to do: what RolloutStarted records, with settings and steps filled in. */
export type RolloutPlan = Readonly<
  Omit<Extract<RolloutEvent, { type: 'RolloutStarted' }>['data'], 'settings' | 'steps'>
> & {
  readonly settings: StrategySettings;
  /** The nodes of each batch or wave, in order (planSteps). */
  readonly steps: readonly (readonly string[])[];
  /** Each node's step (an index into `steps`), so a node's answer finds its step at once. */
  readonly stepOf: Readonly<Record<string, number>>;
};

/**
 * Counts kept as answers arrive, so recording one node's answer costs the same for 5 nodes as for
 * 10,000 (no scan of every node per answer): nodes not answered yet and nodes that failed, in the
 * whole rollout and in the running step.
 */
export interface AnswerTally {
  readonly pending: number;
  readonly failed: number;
  readonly pendingInStep: number;
  readonly failedInStep: number;
}

export type NodeProgress =
  | { readonly status: 'pending' }
  | {
      readonly status: 'updated';
      readonly version: string;
      /** What the node ran before; the version a rollback puts back. */
      readonly previousVersion: string | null;
    }
  | {
      readonly status: 'failed';
      readonly reason: string;
      /** No answer came: the node may run the new version all the same (a rollback covers it). */
      readonly outcomeUnknown?: true;
    }
  | {
      readonly status: 'rolledBack';
      readonly restoredVersion: string | null;
      /** Why its install failed, for a node put back after an unanswered install. */
      readonly failedWith?: string;
    };

type NodesProgress = Readonly<Record<string, NodeProgress>>;

/**
 * Where a running rollout is within its current step. Canary starts by capturing the baseline;
 * each step installs its nodes, then (Rolling, Canary, Blue-Green) is verified: a health check,
 * a canary analysis or a smoke test, due `since` (the last install of the step) plus the
 * strategy's wait. Blue-Green then switches traffic and, after its window, releases blue.
 */
export type RolloutPhase =
  | { readonly kind: 'capturingBaseline' }
  | { readonly kind: 'installing' }
  | { readonly kind: 'verifying'; readonly since: string }
  /** Blue-Green: green passed its smoke test; every node's traffic switches now. */
  | { readonly kind: 'switching' }
  /** Blue-Green: green serves; blue is released at `until` (a rollback before then switches back). */
  | { readonly kind: 'switched'; readonly until: string };

/** The figures captured before the rollout (Canary), part of every wave's baseline. */
export interface CapturedBaseline {
  readonly samples: MetricSeries;
  readonly from: string;
  readonly to: string;
}

/** Why and when the orchestrator fenced a rollout that had not started. */
export interface RolloutFence {
  readonly executionId: string;
  readonly reason: string;
  readonly at: string;
}

/** What operators asked of a running rollout. */
export interface RolloutControls {
  readonly paused: boolean;
  /** Skip the remaining waits and analyses: update every remaining node. */
  readonly promoted: boolean;
  /** Who asked to stop and roll back; the runner turns back once nothing is in flight. */
  readonly abortRequestedBy?: string;
}

export const NO_CONTROLS: RolloutControls = { paused: false, promoted: false };

interface Started {
  readonly plan: RolloutPlan;
  readonly nodes: NodesProgress;
}

/**
 * Running: a step's nodes are being updated or verified. RollingBack: the rollout turned back
 * (a node failed, a batch was unhealthy, a wave failed its analysis) and every node that took the
 * new version is being put back. Succeeded, Failed and RolledBack are final.
 */
export type RolloutState =
  | {
      readonly status: 'none';
      /** Nothing started, and nothing may start: the orchestrator gave up on it (RolloutFenced). */
      readonly fenced?: RolloutFence;
    }
  | (Started & {
      readonly status: 'Running';
      /** 0-based index into plan.steps. */
      readonly step: number;
      readonly phase: RolloutPhase;
      readonly baseline?: CapturedBaseline;
      readonly controls: RolloutControls;
      readonly tally: AnswerTally;
    })
  | (Started & {
      readonly status: 'RollingBack';
      /** Why it turned back; absent for Direct, whose reason is read from the failed nodes. */
      readonly reason?: string;
      /** Nodes that took the new version and are not back yet: the rollout ends at 0. */
      readonly awaitingRollback: number;
      /** When it turned back (ISO-8601): its rollback's deadline counts from then. */
      readonly since: string;
    })
  | (Started & { readonly status: 'Succeeded'; readonly finishedAt: string })
  | (Started & { readonly status: 'Failed'; readonly reason: string; readonly finishedAt: string })
  | (Started & {
      readonly status: 'RolledBack';
      readonly reason: string;
      readonly finishedAt: string;
    });

export type StartedRollout = Exclude<RolloutState, { status: 'none' }>;
export type RunningRollout = Extract<RolloutState, { status: 'Running' }>;

export const initialRolloutState = (): RolloutState => ({ status: 'none' });

export function progressOf(state: StartedRollout, nodeId: string): NodeProgress | undefined {
  return Object.hasOwn(state.nodes, nodeId) ? state.nodes[nodeId] : undefined;
}

/**
 * A node a rollback puts back: it took the new version over another one, or its install went
 * unanswered, so it may have (the node-agent then undoes the install if it was carried out, and
 * does nothing if not).
 */
export function needsRollback(progress: NodeProgress | undefined): boolean {
  if (progress?.status === 'failed') return progress.outcomeUnknown === true;
  return progress?.status === 'updated' && progress.previousVersion !== progress.version;
}

export function isFinished(state: RolloutState): boolean {
  return state.status === 'Succeeded' || state.status === 'Failed' || state.status === 'RolledBack';
}

/** The nodes of the running step. */
export function currentStepNodes(state: RunningRollout): readonly string[] {
  return state.plan.steps[state.step] ?? [];
}

/** Every node of the steps up to and including the running one: the canary nodes. */
export function nodesSoFar(state: RunningRollout): string[] {
  return state.plan.steps.slice(0, state.step + 1).flat();
}

/** The nodes of the steps after the running one: still on the previous version. */
export function nodesNotYetUpdated(state: RunningRollout): string[] {
  return state.plan.steps.slice(state.step + 1).flat();
}
