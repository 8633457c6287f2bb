import type {
  CommandError,
  InstallModule as InstallModuleRequest,
  RollBackModule as RollBackModuleRequest,
} from '@hotswap/contracts';
import { FieldReader, MODULE_NAME, SEMVER } from '@hotswap/messaging';

type Parsed<T> = { ok: true; value: T } | { ok: false; error: CommandError };

const MODULE = 'lowercase letters, digits and dashes, 1 to 64 characters';
const VERSION = 'a semantic version such as 2.1.0';

function envelope(fields: FieldReader) {
  const traceparent = fields.optionalString('traceparent');
  return {
    commandId: fields.string('commandId'),
    actor: fields.string('actor'),
    ...(traceparent === undefined ? {} : { traceparent }),
    nodeId: fields.string('nodeId'),
    correlationId: fields.string('correlationId'),
    moduleName: fields.string('moduleName', MODULE_NAME, MODULE),
  };
}

export function parseInstallModule(payload: unknown): Parsed<InstallModuleRequest> {
  const fields = new FieldReader(payload);
  const common = envelope(fields);
  return fields.result({ ...common, version: fields.string('version', SEMVER, VERSION) });
}

export function parseRollBackModule(payload: unknown): Parsed<RollBackModuleRequest> {
  const fields = new FieldReader(payload);
  const common = envelope(fields);
  return fields.result({ ...common, version: fields.nullableString('version', SEMVER, VERSION) });
}
