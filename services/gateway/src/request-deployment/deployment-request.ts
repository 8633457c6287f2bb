import {
  ENVIRONMENTS,
  isEnvironment,
  STRATEGY_NAMES,
  type Environment,
  type StrategyName,
  type StrategyOverrides,
} from '@hotswap/contracts';
import { checkOverrideValues } from '@hotswap/rollout-domain';
import type { Parsed } from '../http/parsed.js';
import {
  EMAIL_PROBLEM,
  IDEMPOTENCY_KEY_PROBLEM,
  isEmail,
  isIdempotencyKey,
  isModuleName,
  isSemanticVersion,
  MODULE_NAME_PROBLEM,
  VERSION_PROBLEM,
  bodyFields,
} from '../http/request-fields.js';

/** A `POST /api/v1/deployments` whose body and headers passed validation. */
export interface DeploymentRequest {
  readonly moduleName: string;
  readonly version: string;
  readonly targetEnvironment: Environment;
  readonly requesterEmail: string;
  readonly idempotencyKey: string | undefined;
  /** Another strategy than the environment's (the orchestrator checks the policy). */
  readonly strategy?: StrategyName;
  readonly overrides?: StrategyOverrides;
}

const isStrategy = (value: unknown): value is StrategyName =>
  (STRATEGY_NAMES as readonly unknown[]).includes(value);

/** Checks every field and names each bad one, so one answer says everything to fix. */
export function parseDeploymentRequest(
  body: unknown,
  idempotencyKeyHeader: string | string[] | undefined,
): Parsed<DeploymentRequest> {
  const { input, fields, field } = bodyFields(body);
  const moduleName = field('moduleName', input['moduleName'], isModuleName, MODULE_NAME_PROBLEM);
  const version = field('version', input['version'], isSemanticVersion, VERSION_PROBLEM);
  const targetEnvironment = field(
    'targetEnvironment',
    input['targetEnvironment'],
    isEnvironment,
    `must be one of ${ENVIRONMENTS.join(', ')}`,
  );
  const requesterEmail = field('requesterEmail', input['requesterEmail'], isEmail, EMAIL_PROBLEM);
  const idempotencyKey = field(
    'Idempotency-Key',
    idempotencyKeyHeader,
    isIdempotencyKey,
    IDEMPOTENCY_KEY_PROBLEM,
  );

  const strategy =
    input['strategy'] === undefined
      ? { value: undefined }
      : field(
          'strategy',
          input['strategy'],
          isStrategy,
          `must be one of ${STRATEGY_NAMES.join(', ')}`,
        );
  let overrides: StrategyOverrides | undefined;
  const rawOverrides = input['overrides'];
  if (rawOverrides !== undefined) {
    if (typeof rawOverrides !== 'object' || rawOverrides === null || Array.isArray(rawOverrides)) {
      fields['overrides'] = 'must be an object of strategy settings, e.g. {"waveWaitMs": 0}';
    } else {
      const checked = checkOverrideValues(rawOverrides as Record<string, unknown>);
      Object.assign(fields, checked.fields);
      overrides = checked.values;
    }
  }

  if (
    !moduleName ||
    !version ||
    !targetEnvironment ||
    !requesterEmail ||
    !idempotencyKey ||
    !strategy ||
    Object.keys(fields).length > 0
  ) {
    return { ok: false, fields };
  }
  return {
    ok: true,
    value: {
      moduleName: moduleName.value,
      version: version.value,
      targetEnvironment: targetEnvironment.value,
      requesterEmail: requesterEmail.value,
      idempotencyKey: idempotencyKey.value,
      ...(strategy.value === undefined ? {} : { strategy: strategy.value }),
      ...(overrides === undefined ? {} : { overrides }),
    },
  };
}
