import { ENVIRONMENTS, isEnvironment, type Environment } from '@hotswap/contracts';
import type { Parsed } from '../http/parsed.js';
import {
  EMAIL_PROBLEM,
  IDEMPOTENCY_KEY_PROBLEM,
  isEmail,
  isIdempotencyKey,
  isModuleName,
  isVersion,
  MODULE_NAME_PROBLEM,
  VERSION_PROBLEM,
} from '../http/request-fields.js';

/** A `POST /api/v1/deployments` whose body and headers passed validation. */
export interface DeploymentRequest {
  readonly moduleName: string;
  readonly version: string;
  readonly targetEnvironment: Environment;
  readonly requesterEmail: string;
  readonly idempotencyKey: string | undefined;
}

/** Checks every field and names each bad one, so one answer says everything to fix. */
export function parseDeploymentRequest(
  body: unknown,
  idempotencyKeyHeader: string | string[] | undefined,
): Parsed<DeploymentRequest> {
  const fields: Record<string, string> = {};
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (!isObject) fields['body'] = 'must be a JSON object';
  const input = (isObject ? body : {}) as Record<string, unknown>;

  function field<T>(name: string, value: unknown, accept: (v: unknown) => v is T, problem: string) {
    if (accept(value)) return { value };
    fields[name] = problem;
    return undefined;
  }
  const moduleName = field('moduleName', input['moduleName'], isModuleName, MODULE_NAME_PROBLEM);
  const version = field('version', input['version'], isVersion, VERSION_PROBLEM);
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

  if (!moduleName || !version || !targetEnvironment || !requesterEmail || !idempotencyKey) {
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
    },
  };
}
