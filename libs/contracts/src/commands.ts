import type { JudgeName } from './canary-analysis.js';
import type { CommandEnvelope, CommandReply } from './command-envelope.js';
import type { Environment, StrategyName } from './environments.js';

/**
 * Knobs a deployment request may set for its rollout, where the environment's policy marks them
 * overridable (the strategy-runner's configuration); the others come from the environment's
 * defaults. Only those of the rollout's strategy apply.
 */
export interface StrategyOverrides {
  readonly batchSize?: number | string;
  readonly waves?: readonly number[];
  readonly waveWaitMs?: number;
  readonly judge?: JudgeName;
  readonly smokeTestMs?: number;
  readonly switchBackWindowMs?: number;
}

/** gateway → orchestrator */
export interface RequestDeployment extends CommandEnvelope {
  /** Derived from the Idempotency-Key header when there is one, so a retried POST finds its deployment. */
  readonly executionId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly targetEnvironment: Environment;
  readonly requesterEmail: string;
  /** Another strategy than the environment's (STRATEGY_OF), where its policy allows one. */
  readonly strategy?: StrategyName;
  readonly overrides?: StrategyOverrides;
}
export type RequestDeploymentReply = CommandReply<{
  executionId: string;
  status:
    | 'Pending'
    | 'Queued'
    | 'Running'
    | 'PendingApproval'
    | 'Completed'
    | 'Failed'
    | 'RolledBack'
    | 'RollingBack';
  created: boolean;
}>;

/**
 * gateway → orchestrator: roll a Completed deployment back to the versions its nodes ran before
 * it (a new rollout, recorded on the deployment's history). CONFLICT unless it is Completed.
 */
export interface RollBackDeployment extends CommandEnvelope {
  readonly executionId: string;
}
export type RollBackDeploymentReply = CommandReply<{
  executionId: string;
  status: string;
  rolloutId: string;
}>;

/**
 * gateway → orchestrator: abort a deployment that has no rollout to abort (yet): Pending, Queued,
 * waiting for its approval, or at a stage before or after its deploy stage. It ends Failed with
 * who aborted it as the reason. CONFLICT once it has ended, or at its deploy stage (the rollout's
 * own abort applies then).
 */
export interface AbortDeployment extends CommandEnvelope {
  readonly executionId: string;
}
export type AbortDeploymentReply = CommandReply<{ executionId: string; status: string }>;

/** orchestrator → strategy-runner */
export interface StartRollout extends CommandEnvelope {
  readonly rolloutId: string;
  readonly executionId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly targetEnvironment: Environment;
  readonly strategy: StrategyName;
  readonly overrides?: StrategyOverrides;
  /**
   * A rollback of a finished rollout: put every node it updated back on the version it ran
   * before (the strategy-runner reads them from rollout `of`). `version` is the one taken back.
   */
  readonly revert?: {
    readonly of: string;
    /**
     * Refuse (rule `rollback-of-latest-deployment`) when a node of rollout `of` no longer runs
     * `version`: a newer deployment of the module changed it since, and putting the versions
     * from before `of` back would overwrite it. An operator's rollback of a Completed deployment
     * asks for this; the rollback after a failed Validation does not (its slot was held throughout).
     */
    readonly onlyIfCurrent?: boolean;
  };
}
export type StartRolloutReply = CommandReply<{ rolloutId: string }>;

/** What an operator may do to a running rollout (POST /api/v1/deployments/{id}/<action>). */
export const ROLLOUT_CONTROLS = ['pause', 'resume', 'abort', 'promote'] as const;
export type RolloutControl = (typeof ROLLOUT_CONTROLS)[number];

/**
 * gateway → strategy-runner: pause, resume, abort (stop and roll back) or promote (skip the
 * remaining waits and analyses) a rollout. NOT_FOUND without such a rollout; CONFLICT when the
 * rollout is not in a state the action applies to (finished, already paused, …).
 */
export interface ControlRollout extends CommandEnvelope {
  readonly rolloutId: string;
  readonly action: RolloutControl;
}
export type ControlRolloutReply = CommandReply<{ rolloutId: string; status: string }>;

/** strategy-runner → node-agent, on the node's own subject */
export interface InstallModule extends CommandEnvelope {
  readonly nodeId: string;
  /** The deployment the install belongs to (metadata.correlationId of the node's event). */
  readonly correlationId: string;
  readonly moduleName: string;
  readonly version: string;
}
export type InstallModuleReply = CommandReply<{
  nodeId: string;
  version: string;
  previousVersion: string | null;
}>;

interface RollBackModuleOf extends CommandEnvelope {
  readonly nodeId: string;
  readonly correlationId: string;
  readonly moduleName: string;
}
/**
 * Puts a node back: on `version` (null uninstalls the module), or, with `undoInstall` (an install
 * whose answer never came: its commandId and version), on what that install replaced if it
 * happened; if it did not, it is cancelled and will not happen. The reply says the version the
 * node runs then.
 */
export type RollBackModule =
  | (RollBackModuleOf & { readonly version: string | null })
  | (RollBackModuleOf & {
      readonly undoInstall: { readonly commandId: string; readonly version: string };
    });
export type RollBackModuleReply = CommandReply<{ nodeId: string; version: string | null }>;

/**
 * strategy-runner → node-agent, Blue-Green (each node has an active and a standby slot per module):
 * StageModule puts `version` on the standby slot (green) while the active one keeps serving;
 * SwitchTraffic swaps the slots so `version` (on standby) serves and the other waits on standby;
 * ReleaseStandby empties the standby slot if it holds `version`. All are idempotent: asking for
 * what is already so answers ok. SmokeTest checks the version on the standby slot.
 */
export interface StageModule extends CommandEnvelope {
  readonly nodeId: string;
  readonly correlationId: string;
  readonly moduleName: string;
  readonly version: string;
}
export type StageModuleReply = CommandReply<{
  nodeId: string;
  version: string;
  /** What serves meanwhile (the active slot): the version a switch-back returns to. */
  activeVersion: string | null;
}>;

export interface SwitchTraffic extends CommandEnvelope {
  readonly nodeId: string;
  readonly correlationId: string;
  readonly moduleName: string;
  /** The version to serve: it must be on the standby slot (or active already). */
  readonly version: string;
}
export type SwitchTrafficReply = CommandReply<{
  nodeId: string;
  activeVersion: string;
  standbyVersion: string | null;
}>;

export interface ReleaseStandby extends CommandEnvelope {
  readonly nodeId: string;
  readonly correlationId: string;
  readonly moduleName: string;
  readonly version: string;
}
export type ReleaseStandbyReply = CommandReply<{ nodeId: string; released: boolean }>;

export interface SmokeTest {
  readonly nodeId: string;
  readonly moduleName: string;
  readonly version: string;
}
/** ok with passed: false and the reason when the check ran and failed. */
export type SmokeTestReply = CommandReply<{
  nodeId: string;
  passed: boolean;
  reason: string | null;
}>;

/** anyone → node-agent: the nodes of a cluster and their module versions, from the node streams. */
export interface DescribeCluster {
  readonly environment: Environment;
  /**
   * Only this module in each node's `modules` and `standby`: what a rollout or a validation needs,
   * and a reply that stays small (under NATS's 1 MiB) for 10,000 nodes running many modules.
   */
  readonly moduleName?: string;
}
export interface NodeDescription {
  readonly nodeId: string;
  readonly environment: Environment;
  /** module name → installed version (the active slot: what serves) */
  readonly modules: Readonly<Record<string, string>>;
  /** module name → the version on the standby slot (Blue-Green), when there is one */
  readonly standby?: Readonly<Record<string, string>>;
}
export type DescribeClusterReply = CommandReply<{
  environment: Environment;
  nodes: NodeDescription[];
}>;

/** Published (not requested) every few seconds by each node: ephemeral, not events (DESIGN.md §2). */
export interface NodeTelemetry {
  readonly nodeId: string;
  readonly environment: Environment;
  readonly cpuPercent: number;
  readonly memoryPercent: number;
  readonly latencyMs: number;
  readonly errorRate: number;
  readonly modules: Readonly<Record<string, string>>;
  readonly heartbeatAt: string;
}
