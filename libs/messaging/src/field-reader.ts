import type { CommandError } from '@hotswap/contracts';

/**
 * Reads the fields of a command payload (JSON from another process, so `unknown`) and collects a
 * message per bad field, so the sender learns about all of them in one VALIDATION_FAILED reply.
 */
export class FieldReader {
  private readonly problems: Record<string, string> = {};
  private readonly payload: Record<string, unknown>;

  constructor(payload: unknown) {
    this.payload = typeof payload === 'object' && payload !== null ? { ...payload } : {};
  }

  string(field: string, pattern?: RegExp, expected = 'a non-empty string'): string {
    const value = this.payload[field];
    if (typeof value !== 'string' || value === '' || (pattern && !pattern.test(value))) {
      this.problems[field] = value === undefined ? 'is required' : `must be ${expected}`;
      return '';
    }
    return value;
  }

  nullableString(field: string, pattern: RegExp, expected: string): string | null {
    return this.payload[field] === null ? null : this.string(field, pattern, `${expected} or null`);
  }

  /** A whole number from `min` to `max`. */
  integer(field: string, min: number, max: number): number {
    const value = this.payload[field];
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) {
      return value;
    }
    this.problems[field] =
      value === undefined ? 'is required' : `must be a whole number from ${min} to ${max}`;
    return 0;
  }

  optionalString(field: string): string | undefined {
    return this.payload[field] === undefined ? undefined : this.string(field);
  }

  oneOf<const T extends readonly string[]>(field: string, allowed: T): T[number] {
    const value = this.payload[field];
    if (typeof value === 'string' && allowed.includes(value)) return value;
    this.problems[field] =
      value === undefined ? 'is required' : `must be one of ${allowed.join(', ')}`;
    return allowed[0]!;
  }

  optionalOneOf<const T extends readonly string[]>(
    field: string,
    allowed: T,
  ): T[number] | undefined {
    return this.payload[field] === undefined ? undefined : this.oneOf(field, allowed);
  }

  /** A plain object (its own fields unchecked: check them and report with `problem`). */
  optionalObject(field: string): Readonly<Record<string, unknown>> | undefined {
    const value = this.payload[field];
    if (value === undefined) return undefined;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
    this.problems[field] = 'must be an object';
    return undefined;
  }

  /** Records a problem found by a check of its own (a nested field, a rule across fields). */
  problem(field: string, message: string): void {
    this.problems[field] = message;
  }

  /** The payload's value, when every field read so far was valid. */
  result<T>(value: T): { ok: true; value: T } | { ok: false; error: CommandError } {
    const fields = Object.keys(this.problems);
    if (fields.length === 0) return { ok: true, value };
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: `Invalid command: ${fields.map((f) => `${f} ${this.problems[f]!}`).join('; ')}`,
        fields: { ...this.problems },
      },
    };
  }
}
