import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A configured secret (a signing key). Its value is in a private field, so it is left out of
 * JSON (pino's log lines), `util.inspect` (console.log, test failures), string conversion and
 * `Object.values`: logging the configuration cannot leak it. `reveal()` where the value is used.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
