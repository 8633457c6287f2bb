import { ENVIRONMENTS, type Environment } from '@hotswap/contracts';
// eslint-disable-next-line @nx/enforce-module-boundaries -- reading HOTSWAP_* variables moves to libs/config (issue 13, open)
import {
  readEnum,
  readInt,
  type Environment as Variables,
  type VariableProblems,
} from '@hotswap/config';

/** One environment's approval gate. */
export interface EnvironmentApprovalPolicy {
  /** Whether a deployment to the environment waits for approval before its deploy stage. */
  readonly required: boolean;
  /** Distinct approvers needed. */
  readonly requiredApprovals: number;
  /** How long a request stays open before it expires. */
  readonly ttlMs: number;
}
export type ApprovalPolicy = Readonly<Record<Environment, EnvironmentApprovalPolicy>>;

export const DEFAULT_APPROVAL_REQUIRED: Readonly<Record<Environment, boolean>> = {
  Development: false,
  QA: false,
  Staging: true,
  Production: true,
};
export const DEFAULT_REQUIRED_APPROVALS = 1;
export const MAX_REQUIRED_APPROVALS = 10;
export const DEFAULT_APPROVAL_TTL_MS = 24 * 60 * 60_000;
export const MAX_APPROVAL_TTL_MS = 30 * 24 * 60 * 60_000;

/**
 * The approval policy from the environment variables, per environment:
 * `HOTSWAP_<ENVIRONMENT>_APPROVAL_REQUIRED` (true / false; Staging and Production by default),
 * `HOTSWAP_<ENVIRONMENT>_REQUIRED_APPROVALS` (1 to 10, default 1) and
 * `HOTSWAP_<ENVIRONMENT>_APPROVAL_TTL_MS`, which wins over `HOTSWAP_APPROVAL_TTL_MS` for every
 * environment (default 24 h). Bad values are collected in `problems`, each named once.
 */
export function readApprovalPolicy(env: Variables, problems: VariableProblems): ApprovalPolicy {
  const ttl = (name: string, fallback: number) =>
    problems.read(
      () => readInt(env, name, { default: fallback, min: 1, max: MAX_APPROVAL_TTL_MS }),
      fallback,
    );
  const everywhereTtl = ttl('HOTSWAP_APPROVAL_TTL_MS', DEFAULT_APPROVAL_TTL_MS);
  const entries = ENVIRONMENTS.map((environment) => {
    const name = (knob: string) => `HOTSWAP_${environment.toUpperCase()}_${knob}`;
    const byDefault = DEFAULT_APPROVAL_REQUIRED[environment];
    const required = problems.read(
      () =>
        readEnum(env, name('APPROVAL_REQUIRED'), ['true', 'false'] as const, {
          default: byDefault ? 'true' : 'false',
        }) === 'true',
      byDefault,
    );
    const requiredApprovals = problems.read(
      () =>
        readInt(env, name('REQUIRED_APPROVALS'), {
          default: DEFAULT_REQUIRED_APPROVALS,
          min: 1,
          max: MAX_REQUIRED_APPROVALS,
        }),
      DEFAULT_REQUIRED_APPROVALS,
    );
    const policy: EnvironmentApprovalPolicy = {
      required,
      requiredApprovals,
      ttlMs: ttl(name('APPROVAL_TTL_MS'), everywhereTtl),
    };
    return [environment, policy] as const;
  });
  return Object.fromEntries(entries) as Record<Environment, EnvironmentApprovalPolicy>;
}
