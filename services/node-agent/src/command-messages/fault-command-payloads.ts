import {
  ENVIRONMENTS,
  MODULE_NAME_PATTERN,
  MODULE_NAME_RULE,
  SEMVER_PATTERN,
  SEMVER_RULE,
  type InjectFault,
  type ListFaults,
  type RemoveFault,
} from '@hotswap/contracts';
import { FieldReader } from '@hotswap/messaging';
import { FieldChecks, type Parsed } from './field-checks.js';

// The rules for the modules and versions the system deploys (@hotswap/contracts): a fault names a
// version that can be deployed.
const MAX_FAULT_ID_LENGTH = 200;

/** The limits of a fault's figures: absolute values, like the telemetry a node reports. */
export const FAULT_LIMITS = {
  errorRate: { min: 0, max: 1 },
  latencyMs: { min: 0, max: 600_000 },
  cpu: { min: 0, max: 100 },
  memory: { min: 0, max: 100 },
} as const;
const FIGURES = Object.keys(FAULT_LIMITS) as (keyof typeof FAULT_LIMITS)[];

function envelope(fields: FieldReader, checks: FieldChecks) {
  const traceparent = fields.optionalString('traceparent');
  const faultId = fields.string('faultId');
  if (faultId.length > MAX_FAULT_ID_LENGTH) {
    checks.problem('faultId', `must be at most ${MAX_FAULT_ID_LENGTH} characters`);
  }
  return {
    commandId: fields.string('commandId'),
    actor: fields.string('actor'),
    ...(traceparent === undefined ? {} : { traceparent }),
    faultId,
  };
}

export function parseInjectFault(payload: unknown): Parsed<InjectFault> {
  const fields = new FieldReader(payload);
  const checks = new FieldChecks(payload, fields);
  const common = envelope(fields, checks);
  const environment = fields.oneOf('environment', ENVIRONMENTS);
  const moduleName = fields.string('moduleName', MODULE_NAME_PATTERN, MODULE_NAME_RULE);
  const version = fields.string('version', SEMVER_PATTERN, SEMVER_RULE);
  const figures: Partial<Record<(typeof FIGURES)[number], number>> = {};
  for (const figure of FIGURES) {
    const value = checks.optionalNumber(figure, FAULT_LIMITS[figure]);
    if (value !== undefined) figures[figure] = value;
  }
  const failInstall = checks.optionalBoolean('failInstall');
  const anyBad = [...FIGURES, 'failInstall'].some((field) => checks.failed(field));
  if (Object.keys(figures).length === 0 && failInstall !== true && !anyBad) {
    checks.problem(
      'effects',
      `is required: at least one of ${FIGURES.join(', ')} or failInstall: true`,
    );
  }
  return checks.result({
    ...common,
    environment,
    moduleName,
    version,
    ...figures,
    ...(failInstall === undefined ? {} : { failInstall }),
  });
}

export function parseRemoveFault(payload: unknown): Parsed<RemoveFault> {
  const fields = new FieldReader(payload);
  const checks = new FieldChecks(payload, fields);
  return checks.result(envelope(fields, checks));
}

export function parseListFaults(payload: unknown): Parsed<ListFaults> {
  const fields = new FieldReader(payload);
  const checks = new FieldChecks(payload, fields);
  const environment = checks.optionalOneOf('environment', ENVIRONMENTS);
  return checks.result(environment === undefined ? {} : { environment });
}
