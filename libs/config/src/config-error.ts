import type { InvalidVariable } from './invalid-variable.js';

/**
 * Thrown by `loadConfig` when one or more variables are invalid: the message lists every one of
 * them, so a user fixes them all in one go instead of one per restart.
 */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: readonly InvalidVariable[],
  ) {
    super(
      `${service} cannot start: invalid configuration\n` +
        problems.map((problem) => `  - ${problem.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
