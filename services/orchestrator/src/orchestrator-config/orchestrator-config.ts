import {
  VariableProblems,
  InvalidVariable,
  readInt,
  readString,
  readRollbackDeadlineMs,
  type Environment as Variables,
} from '@hotswap/config';
import { ENVIRONMENTS, isEnvironment, type Environment } from '@hotswap/contracts';
import { readCommandRetry, type CommandRetrySettings } from '@hotswap/messaging';
import { readStrategyPolicy, type StrategyPolicy } from '@hotswap/rollout-domain';
import { readApprovalPolicy, type ApprovalPolicy } from '@hotswap/approval-domain';
import { readSignaturePolicy, type SignaturePolicy } from '../modules/signature-policy.js';

/** DI token of the orchestrator's own settings (the host's HotSwapConfig has the common ones). */
export const ORCHESTRATOR_CONFIG = Symbol('ORCHESTRATOR_CONFIG');

export interface OrchestratorConfig {
  /** How long the simulated Build and Test stages take, per environment (HOTSWAP_STAGE_DURATIONS_MS). */
  readonly stageDurationsMs: Readonly<Record<Environment, number>>;
  /** How long one attempt waits for the strategy-runner or node-agent to answer. */
  readonly commandTimeoutMs: number;
  /** How commands are tried again before a stage fails as "unavailable" (HOTSWAP_COMMAND_RETRY_BUDGET_MS). */
  readonly commandRetry: CommandRetrySettings;
  /** How long a stage may run before it ends with that reason (HOTSWAP_STAGE_DEADLINE_MS). */
  readonly stageDeadlineMs: number;
  /**
   * How long a deployment may take from its start, its approval wait included, before its running
   * stage ends with that reason (HOTSWAP_DEPLOYMENT_DEADLINE_MS).
   */
  readonly deploymentDeadlineMs: number;
  /**
   * How long a rollout turning back may take (HOTSWAP_ROLLBACK_DEADLINE_MS, the strategy-runner's
   * too): a deploy stage whose rollout was aborted at the stage's deadline fails this much later.
   */
  readonly rollbackDeadlineMs: number;
  /** Lease time-to-live of the workflow and the rollout watcher: how soon another instance takes over. */
  readonly leaseTtlMs: number;
  /**
   * The strategy policy (the strategy-runner's variables, read here too): a request that names a
   * strategy or knobs the policy does not allow is refused at once, naming the field.
   */
  readonly policy: StrategyPolicy;
  /** Which environments wait for an approval before their deploy stage (the approval service's variables). */
  readonly approvals: ApprovalPolicy;
  /** What SecurityScan asks of a module, per environment, and the CAs it trusts. */
  readonly signatures: SignaturePolicy;
}

/** Slow enough for a person to watch a deployment move through its stages. */
export const DEFAULT_STAGE_DURATIONS_MS: Readonly<Record<Environment, number>> = {
  Development: 2000,
  QA: 3000,
  Staging: 4000,
  Production: 5000,
};
const MAX_STAGE_DURATION_MS = 3_600_000;
const STAGE_DURATIONS = 'HOTSWAP_STAGE_DURATIONS_MS';

/**
 * Reads the orchestrator's variables once, at start-up; every bad one is named in one ConfigError
 * (the process stops with it, as for the host's own variables).
 */
export function readOrchestratorConfig(env: Variables): OrchestratorConfig {
  const problems = new VariableProblems();
  const read = <T>(reader: () => T, fallback: T): T => problems.read(reader, fallback);
  const config: OrchestratorConfig = {
    stageDurationsMs: read(() => readStageDurations(env), DEFAULT_STAGE_DURATIONS_MS),
    commandTimeoutMs: read(
      () =>
        readInt(env, 'HOTSWAP_ORCHESTRATOR_COMMAND_TIMEOUT_MS', {
          default: 5000,
          min: 10,
          max: 600_000,
        }),
      0,
    ),
    commandRetry: readCommandRetry(env, problems),
    stageDeadlineMs: read(
      () =>
        readInt(env, 'HOTSWAP_STAGE_DEADLINE_MS', {
          default: 3_600_000,
          min: 100,
          max: 7 * 86_400_000,
        }),
      0,
    ),
    deploymentDeadlineMs: read(
      () =>
        readInt(env, 'HOTSWAP_DEPLOYMENT_DEADLINE_MS', {
          default: 2 * 86_400_000,
          min: 100,
          max: 30 * 86_400_000,
        }),
      0,
    ),
    rollbackDeadlineMs: readRollbackDeadlineMs(env, problems),
    leaseTtlMs: read(
      () =>
        readInt(env, 'HOTSWAP_ORCHESTRATOR_LEASE_TTL_MS', {
          default: 5000,
          min: 150,
          max: 600_000,
        }),
      0,
    ),
    policy: readStrategyPolicy(env, problems),
    approvals: readApprovalPolicy(env, problems),
    signatures: readSignaturePolicy(env, problems),
  };
  problems.throwIfAny('orchestrator');
  return Object.freeze(config);
}

/** One number for every environment (`0`), or per environment (`Development=2000,QA=3000`). */
function readStageDurations(env: Variables): Readonly<Record<Environment, number>> {
  const expected =
    `milliseconds from 0 to ${MAX_STAGE_DURATION_MS}, either one number for every environment ` +
    `or per environment as in 'Development=2000,QA=3000,Staging=4000,Production=5000'`;
  const value = readString(env, STAGE_DURATIONS, { default: '', expected });
  if (value === '') return DEFAULT_STAGE_DURATIONS_MS;
  if (/^\d+$/.test(value)) {
    const ms = duration(value, value, expected);
    return Object.fromEntries(ENVIRONMENTS.map((e) => [e, ms])) as Record<Environment, number>;
  }
  const durations = { ...DEFAULT_STAGE_DURATIONS_MS };
  for (const entry of value.split(',')) {
    const [name = '', ms = '', ...rest] = entry.split('=').map((part) => part.trim());
    if (!isEnvironment(name) || rest.length > 0) {
      throw new InvalidVariable(STAGE_DURATIONS, `has '${entry.trim()}': expected ${expected}`);
    }
    durations[name] = duration(ms, entry.trim(), expected);
  }
  return durations;
}

function duration(text: string, shown: string, expected: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms > MAX_STAGE_DURATION_MS) {
    throw new InvalidVariable(STAGE_DURATIONS, `has '${shown}': expected ${expected}`);
  }
  return ms;
}
