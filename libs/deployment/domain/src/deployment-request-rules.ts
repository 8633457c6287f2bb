import {
  ENVIRONMENTS,
  isEnvironment,
  isModuleName,
  isSemanticVersion,
  MODULE_NAME_RULE,
  STRATEGY_NAMES,
  type Environment,
  type StrategyName,
  type StrategyOverrides,
} from '@hotswap/contracts';
import { checkOverrideValues } from '@hotswap/rollout-domain';

/** A deployment request as the API and the RequestDeployment command carry it. */
export interface DeploymentRequest {
  readonly moduleName: string;
  readonly version: string;
  readonly targetEnvironment: Environment;
  readonly requesterEmail: string;
  /** Another strategy than the environment's; whether the environment allows it is the policy's call. */
  readonly strategy?: StrategyName;
  readonly overrides?: StrategyOverrides;
}

// Deliberately loose: the address is a label for people, not a mailbox we write to.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;

export type DeploymentRequestCheck =
  | { readonly ok: true; readonly request: DeploymentRequest }
  | { readonly ok: false; readonly fields: Readonly<Record<string, string>> };

/**
 * The rules a deployment request must follow, per field, in the API's field names. Shared by
 * whoever accepts requests (the gateway checks first; the orchestrator checks again because a
 * command on NATS can come from anywhere).
 */
export function checkDeploymentRequest(
  input: Readonly<Record<string, unknown>>,
): DeploymentRequestCheck {
  const fields: Record<string, string> = {};
  const { moduleName, version, targetEnvironment, requesterEmail } = input;
  if (!isModuleName(moduleName)) {
    fields['moduleName'] = `must be ${MODULE_NAME_RULE}`;
  }
  if (!isSemanticVersion(version)) {
    fields['version'] = 'must be a semantic version such as 2.1.0 or 2.1.0-beta.1';
  }
  if (!isEnvironment(targetEnvironment)) {
    fields['targetEnvironment'] = `must be one of ${ENVIRONMENTS.join(', ')}`;
  }
  if (
    typeof requesterEmail !== 'string' ||
    requesterEmail.length > MAX_EMAIL_LENGTH ||
    !EMAIL_PATTERN.test(requesterEmail)
  ) {
    fields['requesterEmail'] = 'must be an email address';
  }
  const { strategy, overrides } = input;
  if (strategy !== undefined && !(STRATEGY_NAMES as readonly unknown[]).includes(strategy)) {
    fields['strategy'] = `must be one of ${STRATEGY_NAMES.join(', ')}`;
  }
  let checkedOverrides: StrategyOverrides | undefined;
  if (overrides !== undefined) {
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
      fields['overrides'] = 'must be an object of strategy settings, e.g. { "waveWaitMs": 0 }';
    } else {
      const checked = checkOverrideValues(overrides as Record<string, unknown>);
      Object.assign(fields, checked.fields);
      checkedOverrides = checked.values;
    }
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    request: {
      moduleName: moduleName as string,
      version: version as string,
      targetEnvironment: targetEnvironment as Environment,
      requesterEmail: requesterEmail as string,
      ...(strategy === undefined ? {} : { strategy: strategy as StrategyName }),
      ...(checkedOverrides === undefined ? {} : { overrides: checkedOverrides }),
    },
  };
}
