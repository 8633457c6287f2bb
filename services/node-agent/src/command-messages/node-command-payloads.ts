import {
  MODULE_NAME_PATTERN,
  SEMVER_PATTERN,
  type CommandError,
  type InstallModule as InstallModuleRequest,
  type ReleaseStandby as ReleaseStandbyRequest,
  type RollBackModule as RollBackModuleRequest,
  type SmokeTest as SmokeTestRequest,
  type StageModule as StageModuleRequest,
  type SwitchTraffic as SwitchTrafficRequest,
} from '@hotswap/contracts';
import { FieldReader } from '@hotswap/messaging';

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
    moduleName: fields.string('moduleName', MODULE_NAME_PATTERN, MODULE),
  };
}

/** The commands that name one version of a module on a node (all but RollBackModule). */
function parseVersionCommand(payload: unknown) {
  const fields = new FieldReader(payload);
  const common = envelope(fields);
  return fields.result({ ...common, version: fields.string('version', SEMVER_PATTERN, VERSION) });
}

export function parseInstallModule(payload: unknown): Parsed<InstallModuleRequest> {
  return parseVersionCommand(payload);
}

/** A version to put back, or (`undoInstall`) an install to undo: its commandId and version. */
export function parseRollBackModule(payload: unknown): Parsed<RollBackModuleRequest> {
  const fields = new FieldReader(payload);
  const common = envelope(fields);
  const undo = fields.optionalObject('undoInstall');
  if (undo === undefined) {
    return fields.result({
      ...common,
      version: fields.nullableString('version', SEMVER_PATTERN, VERSION),
    });
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const undoInstall = { commandId: text(undo['commandId']), version: text(undo['version']) };
  if (undoInstall.commandId === '') fields.problem('undoInstall.commandId', 'is required');
  if (!SEMVER_PATTERN.test(undoInstall.version))
    fields.problem('undoInstall.version', `must be ${VERSION}`);
  return fields.result({ ...common, undoInstall });
}

export function parseStageModule(payload: unknown): Parsed<StageModuleRequest> {
  return parseVersionCommand(payload);
}

export function parseSwitchTraffic(payload: unknown): Parsed<SwitchTrafficRequest> {
  return parseVersionCommand(payload);
}

export function parseReleaseStandby(payload: unknown): Parsed<ReleaseStandbyRequest> {
  return parseVersionCommand(payload);
}

/** A smoke test changes nothing: it names the node, module and version, without an envelope. */
export function parseSmokeTest(payload: unknown): Parsed<SmokeTestRequest> {
  const fields = new FieldReader(payload);
  return fields.result({
    nodeId: fields.string('nodeId'),
    moduleName: fields.string('moduleName', MODULE_NAME_PATTERN, MODULE),
    version: fields.string('version', SEMVER_PATTERN, VERSION),
  });
}
