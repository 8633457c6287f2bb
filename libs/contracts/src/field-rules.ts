/**
 * What an execution id, a module name and a module version may be, written once: the gateway checks
 * them on HTTP, the services again on NATS (a command can come from anywhere), the CLI on its
 * arguments. Copies drifted (ids of 100, 128 or 200 characters; a version pattern that took what
 * the deployment rules refuse), so everyone imports these.
 */

/** Longest execution id: the orchestrator never accepted a longer one, so nothing stored is longer. */
export const EXECUTION_ID_MAX_LENGTH = 128;
/**
 * An execution id (also the id of the deployment's rollout and approval). The system generates
 * UUIDs; a caller may choose its own id on NATS within these bounds.
 */
export const EXECUTION_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${EXECUTION_ID_MAX_LENGTH}}$`);
export const EXECUTION_ID_RULE = `1 to ${EXECUTION_ID_MAX_LENGTH} letters, digits, '_' or '-'`;
export const isExecutionId = (value: unknown): value is string =>
  typeof value === 'string' && EXECUTION_ID_PATTERN.test(value);

export const MODULE_NAME_PATTERN = /^[a-z0-9-]{1,64}$/;
export const MODULE_NAME_RULE = '1 to 64 lowercase letters, digits or dashes';
export const isModuleName = (value: unknown): value is string =>
  typeof value === 'string' && MODULE_NAME_PATTERN.test(value);

export const VERSION_MAX_LENGTH = 128;
/**
 * A module version: semver.org's own pattern (2.0.0, no leading "v", no leading zero in a numeric
 * pre-release part, so `1.0.0-01` is refused), at most 128 characters (the lookahead).
 */
export const SEMVER_PATTERN = new RegExp(
  `^(?=.{1,${VERSION_MAX_LENGTH}}$)` +
    /(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/
      .source,
);
export const SEMVER_RULE = `a semantic version such as 2.1.0 or 2.1.0-beta.1, at most ${VERSION_MAX_LENGTH} characters`;
export const isSemanticVersion = (value: unknown): value is string =>
  typeof value === 'string' && SEMVER_PATTERN.test(value);
