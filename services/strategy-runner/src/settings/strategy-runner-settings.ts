import {
  readInt,
  readRollbackDeadlineMs,
  VariableProblems,
  type Environment as Variables,
} from '@hotswap/config';
import { readCommandRetry, type CommandRetrySettings } from '@hotswap/messaging';
import { readStrategyPolicy, type StrategyPolicy } from '@hotswap/rollout-domain';
import { readModuleChecks, type ModuleChecks } from '../module-checks/module-checks.js';

/** The strategy runner's own settings, read once at start-up (the host's are in HotSwapConfig). */
export interface StrategyRunnerSettings {
  /** How long a node (or the node-agent) has to answer one command (HOTSWAP_NODE_COMMAND_TIMEOUT_MS). */
  readonly nodeCommandTimeoutMs: number;
  /**
   * How a node command is tried again before the node counts as failed
   * (HOTSWAP_COMMAND_RETRY_BUDGET_MS): long enough to ride out a restart of the node-agent.
   */
  readonly commandRetry: CommandRetrySettings;
  /**
   * How long a rollout turning back may try to put its nodes back before it ends Failed with the
   * nodes left on the new version (HOTSWAP_ROLLBACK_DEADLINE_MS), counted from RollbackStarted.
   */
  readonly rollbackDeadlineMs: number;
  /** Node commands one rollout has in flight at once (HOTSWAP_NODE_OPERATIONS_IN_FLIGHT). */
  readonly nodeOperationsInFlight: number;
  /** Each environment's strategies and their knobs (HOTSWAP_<KNOB>, HOTSWAP_<ENVIRONMENT>_<KNOB>). */
  readonly policy: StrategyPolicy;
  /** Modules' own health checks for Rolling batches (HOTSWAP_MODULE_CHECKS). */
  readonly moduleChecks: ModuleChecks;
  /** Checkpoint name of the rollout subscription. The names below are fixed; tests use their own. */
  readonly subscriberId: string;
  /** Redis key of the lease that makes one instance drive rollouts. */
  readonly leaseKey: string;
  /**
   * Key prefix of the rollouts' durable timers (ADR 0015): one per rollout with work left, due
   * now or at the end of its wait, fired by whichever instance holds the lease.
   */
  readonly rolloutTimersKeyPrefix: string;
  /**
   * The Redis set where runners before ADR 0015 kept the rollouts in progress: the instance that
   * takes the lease makes what is left there due in the timers, then deletes it (an upgrade
   * with rollouts in progress loses none).
   */
  readonly legacyActiveRolloutsKey: string;
}

export const STRATEGY_RUNNER_SETTINGS = Symbol('STRATEGY_RUNNER_SETTINGS');

export function readStrategyRunnerSettings(env: Variables): StrategyRunnerSettings {
  const problems = new VariableProblems();
  const read = <T>(reader: () => T, fallback: T): T => problems.read(reader, fallback);
  const nodeCommandTimeoutMs = read(
    () =>
      readInt(env, 'HOTSWAP_NODE_COMMAND_TIMEOUT_MS', { default: 5_000, min: 50, max: 300_000 }),
    5_000,
  );
  const commandRetry = readCommandRetry(env, problems);
  const rollbackDeadlineMs = readRollbackDeadlineMs(env, problems);
  const nodeOperationsInFlight = read(
    () => readInt(env, 'HOTSWAP_NODE_OPERATIONS_IN_FLIGHT', { default: 10, min: 1, max: 10_000 }),
    10,
  );
  const policy = readStrategyPolicy(env, problems);
  const moduleChecks = read(() => readModuleChecks(env), {});
  problems.throwIfAny('strategy-runner');
  return {
    nodeCommandTimeoutMs,
    commandRetry,
    rollbackDeadlineMs,
    nodeOperationsInFlight,
    policy,
    moduleChecks,
    subscriberId: 'strategy-runner:rollouts',
    leaseKey: 'hotswap:lease:strategy-runner:rollouts',
    rolloutTimersKeyPrefix: 'hotswap:timers:strategy-runner:rollouts',
    legacyActiveRolloutsKey: 'hotswap:strategy-runner:active-rollouts',
  };
}
