import { ENVIRONMENTS, isEnvironment, type FaultSpec } from '@hotswap/contracts';
import type { Parsed } from '../http/parsed.js';
import {
  IDEMPOTENCY_KEY_PROBLEM,
  isIdempotencyKey,
  isModuleName,
  isSemanticVersion,
  MODULE_NAME_PROBLEM,
  VERSION_PROBLEM,
  bodyFields,
} from '../http/request-fields.js';

/** A `POST /api/v1/chaos/faults` whose body and headers passed validation. */
export interface FaultRequest {
  readonly spec: FaultSpec;
  readonly idempotencyKey: string | undefined;
}

/** The figures a fault can impose, with their ranges (FaultSpec). */
const FIGURES = [
  ['errorRate', 0, 1],
  ['latencyMs', 0, 600_000],
  ['cpu', 0, 100],
  ['memory', 0, 100],
] as const;
const EFFECTS = `${FIGURES.map(([name]) => name).join(', ')} or failInstall: true`;

/**
 * Checks every field and names each bad one, so one answer says everything to fix. Unknown fields
 * are ignored, as for a deployment; a fault must have at least one effect.
 */
export function parseFaultRequest(
  body: unknown,
  idempotencyKeyHeader: string | string[] | undefined,
): Parsed<FaultRequest> {
  const { input, fields, field } = bodyFields(body);
  const environment = field(
    'environment',
    input['environment'],
    isEnvironment,
    `must be one of ${ENVIRONMENTS.join(', ')}`,
  );
  const moduleName = field('moduleName', input['moduleName'], isModuleName, MODULE_NAME_PROBLEM);
  const version = field('version', input['version'], isSemanticVersion, VERSION_PROBLEM);
  const effects = parseEffects(input, fields);
  const idempotencyKey = field(
    'Idempotency-Key',
    idempotencyKeyHeader,
    isIdempotencyKey,
    IDEMPOTENCY_KEY_PROBLEM,
  );

  if (
    !environment ||
    !moduleName ||
    !version ||
    !effects ||
    !idempotencyKey ||
    Object.keys(fields).length > 0
  ) {
    return { ok: false, fields };
  }
  return {
    ok: true,
    value: {
      spec: {
        environment: environment.value,
        moduleName: moduleName.value,
        version: version.value,
        ...effects,
      },
      idempotencyKey: idempotencyKey.value,
    },
  };
}

type Effects = Pick<FaultSpec, 'errorRate' | 'latencyMs' | 'cpu' | 'memory' | 'failInstall'>;

/** The effects given, each in its range; undefined (and `fields` told why) when one is bad or none is given. */
function parseEffects(
  input: Readonly<Record<string, unknown>>,
  fields: Record<string, string>,
): Effects | undefined {
  const effects: { -readonly [K in keyof Effects]: Effects[K] } = {};
  let valid = true;
  for (const [name, min, max] of FIGURES) {
    const value = input[name];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) {
      effects[name] = value;
    } else {
      fields[name] = `must be a number from ${min} to ${max}`;
      valid = false;
    }
  }
  const failInstall = input['failInstall'];
  if (typeof failInstall === 'boolean') effects.failInstall = failInstall;
  else if (failInstall !== undefined) {
    fields['failInstall'] = 'must be true or false';
    valid = false;
  }
  if (!valid) return undefined;
  // `failInstall: false` alone changes nothing: it is no effect.
  if (Object.values(effects).every((value) => value === false)) {
    // The node-agent names it so too (VALIDATION_FAILED of InjectFault).
    fields['effects'] = `is required: at least one of ${EFFECTS}`;
    return undefined;
  }
  return effects;
}
