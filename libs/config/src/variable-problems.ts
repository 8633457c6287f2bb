import { ConfigError } from './config-error.js';
import { InvalidVariable } from './invalid-variable.js';

/**
 * Collects every invalid variable of one start-up instead of stopping at the first, so the
 * message names them all: `read(reader, fallback)` returns the fallback for a bad variable and
 * remembers why; `throwIfAny(service)` then throws one ConfigError.
 */
export class VariableProblems {
  private readonly problems: InvalidVariable[] = [];

  read<T>(reader: () => T, fallback: T): T {
    try {
      return reader();
    } catch (error) {
      if (!(error instanceof InvalidVariable)) throw error;
      this.problems.push(error);
      return fallback;
    }
  }

  get any(): boolean {
    return this.problems.length > 0;
  }

  throwIfAny(service: string): void {
    if (this.problems.length > 0) throw new ConfigError(service, this.problems);
  }
}
