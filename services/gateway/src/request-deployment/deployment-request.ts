import { ENVIRONMENTS, isEnvironment, type Environment } from '@hotswap/contracts';
import type { Parsed } from '../http/parsed.js';

/** A `POST /api/v1/deployments` whose body and headers passed validation. */
export interface DeploymentRequest {
  readonly moduleName: string;
  readonly version: string;
  readonly targetEnvironment: Environment;
  readonly requesterEmail: string;
  readonly idempotencyKey: string | undefined;
}

const MODULE_NAME = /^[a-z0-9-]{1,64}$/;
// Semantic Versioning 2.0.0, the regular expression semver.org gives.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const MAX_VERSION_LENGTH = 128;
// Deliberately loose (one @, no spaces, a dot in the domain): the address is a name until issue 5.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,200}$/;

const isModuleName = (v: unknown): v is string => typeof v === 'string' && MODULE_NAME.test(v);
const isVersion = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= MAX_VERSION_LENGTH && SEMVER.test(v);
const isEmail = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= MAX_EMAIL_LENGTH && EMAIL.test(v);
const isIdempotencyKey = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && IDEMPOTENCY_KEY.test(v));

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
  const moduleName = field(
    'moduleName',
    input['moduleName'],
    isModuleName,
    'must be 1 to 64 lowercase letters, digits or dashes',
  );
  const version = field(
    'version',
    input['version'],
    isVersion,
    'must be a semantic version (semver 2.0) such as 2.1.0 or 1.0.0-beta.1',
  );
  const targetEnvironment = field(
    'targetEnvironment',
    input['targetEnvironment'],
    isEnvironment,
    `must be one of ${ENVIRONMENTS.join(', ')}`,
  );
  const requesterEmail = field(
    'requesterEmail',
    input['requesterEmail'],
    isEmail,
    'must be an email address',
  );
  const idempotencyKey = field(
    'Idempotency-Key',
    idempotencyKeyHeader,
    isIdempotencyKey,
    'must be given once, 1 to 200 printable ASCII characters',
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
