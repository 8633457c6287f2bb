import {
  ENVIRONMENTS,
  EXECUTION_ID_PATTERN,
  EXECUTION_ID_RULE,
  isExecutionId,
  MODULE_NAME_PATTERN,
  SEMVER_PATTERN,
  STRATEGY_NAMES,
  type CommandError,
  type StartRollout as StartRolloutRequest,
} from '@hotswap/contracts';
import { FieldReader } from '@hotswap/messaging';
import { checkOverrideValues } from '@hotswap/rollout-domain';
// A rollout id is its deployment's execution id (a rollback's too): it names `rollout-<id>`.

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
  if (revert !== undefined && !isExecutionId(revertOf)) {
    fields.problem('revert.of', `must be a rollout id: ${EXECUTION_ID_RULE}`);
  }
  const checked = overrides === undefined ? undefined : checkOverrideValues(overrides);
  for (const [field, problem] of Object.entries(checked?.fields ?? {}))
    fields.problem(field, problem);
  return fields.result({
    commandId: fields.string('commandId'),
    actor: fields.string('actor'),
    ...(traceparent === undefined ? {} : { traceparent }),
    rolloutId: fields.string('rolloutId', EXECUTION_ID_PATTERN, EXECUTION_ID_RULE),
    executionId: fields.string('executionId'),
    moduleName: fields.string(
      'moduleName',
      MODULE_NAME_PATTERN,
      'lowercase letters, digits and dashes, 1 to 64 characters',
    ),
    version: fields.string('version', SEMVER_PATTERN, 'a semantic version such as 2.1.0'),
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
