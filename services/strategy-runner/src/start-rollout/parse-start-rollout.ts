import {
  ENVIRONMENTS,
  STRATEGY_NAMES,
  type CommandError,
  type StartRollout as StartRolloutRequest,
} from '@hotswap/contracts';
import { FieldReader, MODULE_NAME, SEMVER } from '@hotswap/messaging';
import { checkOverrideValues } from '@hotswap/rollout-domain';
/** Rollout ids name a stream (`rollout-<id>`): the event store's id characters, bounded. */
const ROLLOUT_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function parseStartRollout(
  payload: unknown,
): { ok: true; value: StartRolloutRequest } | { ok: false; error: CommandError } {
  const fields = new FieldReader(payload);
  const traceparent = fields.optionalString('traceparent');
  const overrides = fields.optionalObject('overrides');
  const revert = fields.optionalObject('revert');
  const revertOf = revert === undefined ? undefined : revert['of'];
  const onlyIfCurrent = revert === undefined ? undefined : revert['onlyIfCurrent'];
  if (onlyIfCurrent !== undefined && typeof onlyIfCurrent !== 'boolean') {
    fields.problem('revert.onlyIfCurrent', 'must be true or false');
  }
  if (revert !== undefined && (typeof revertOf !== 'string' || !ROLLOUT_ID.test(revertOf))) {
    fields.problem('revert.of', "must be a rollout id: 1 to 128 letters, digits, '_' or '-'");
  }
  const checked = overrides === undefined ? undefined : checkOverrideValues(overrides);
  for (const [field, problem] of Object.entries(checked?.fields ?? {}))
    fields.problem(field, problem);
  return fields.result({
    commandId: fields.string('commandId'),
    actor: fields.string('actor'),
    ...(traceparent === undefined ? {} : { traceparent }),
    rolloutId: fields.string('rolloutId', ROLLOUT_ID, "1 to 128 letters, digits, '_' or '-'"),
    executionId: fields.string('executionId'),
    moduleName: fields.string(
      'moduleName',
      MODULE_NAME,
      'lowercase letters, digits and dashes, 1 to 64 characters',
    ),
    version: fields.string('version', SEMVER, 'a semantic version such as 2.1.0'),
    targetEnvironment: fields.oneOf('targetEnvironment', ENVIRONMENTS),
    strategy: fields.oneOf('strategy', STRATEGY_NAMES),
    ...(checked === undefined ? {} : { overrides: checked.values }),
    ...(typeof revertOf === 'string'
      ? {
          revert: {
            of: revertOf,
            ...(typeof onlyIfCurrent === 'boolean' ? { onlyIfCurrent } : {}),
          },
        }
      : {}),
  });
}
