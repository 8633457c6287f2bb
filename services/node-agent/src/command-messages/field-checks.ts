import type { CommandError } from '@hotswap/contracts';
import type { FieldReader } from '@hotswap/messaging';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: CommandError };

interface Bounds {
  readonly min: number;
  readonly max: number;
}

// ISO-8601 with a time and a zone (what Date#toISOString writes, offsets allowed).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads the fields FieldReader (@hotswap/messaging) has no reader for: numbers, booleans, lists
 * and timestamps, plus rules between fields. Problems are kept beside the FieldReader's and
 * reported with them, so one VALIDATION_FAILED names every bad field.
 */
export class FieldChecks {
  private readonly problems: Record<string, string> = {};
  private readonly payload: Record<string, unknown>;

  constructor(
    payload: unknown,
    private readonly reader: FieldReader,
  ) {
    this.payload =
      typeof payload === 'object' && payload !== null && !Array.isArray(payload)
        ? { ...payload }
        : {};
  }

  given(field: string): boolean {
    return this.payload[field] !== undefined;
  }

  /** Whether the field was found bad by these checks. */
  failed(field: string): boolean {
    return field in this.problems;
  }

  problem(field: string, message: string): void {
    this.problems[field] ??= message;
  }

  optionalNumber(field: string, { min, max }: Bounds): number | undefined {
    const value = this.payload[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.problem(field, `must be a number from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  integer(field: string, { min, max }: Bounds): number {
    const value = this.payload[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(
        field,
        value === undefined ? 'is required' : `must be a whole number from ${min} to ${max}`,
      );
      return min;
    }
    return value;
  }

  optionalBoolean(field: string): boolean | undefined {
    const value = this.payload[field];
    if (value === undefined || typeof value === 'boolean') return value;
    this.problem(field, 'must be true or false');
    return undefined;
  }

  optionalOneOf<const T extends readonly string[]>(
    field: string,
    allowed: T,
  ): T[number] | undefined {
    return this.given(field) ? this.reader.oneOf(field, allowed) : undefined;
  }

  /** A list of non-empty strings, with `min` to `max` items. */
  stringList(field: string, { min, max }: Bounds): string[] {
    const value = this.payload[field];
    const valid =
      Array.isArray(value) &&
      value.length >= min &&
      value.length <= max &&
      value.every((item) => typeof item === 'string' && item !== '');
    if (!valid) {
      this.problem(
        field,
        value === undefined
          ? 'is required'
          : `must be a list of ${min} to ${max} non-empty strings`,
      );
      return [];
    }
    return value as string[];
  }

  /** An ISO-8601 timestamp with a time zone, e.g. 2026-11-23T10:00:00.000Z. */
  timestamp(field: string): string {
    const value = this.payload[field];
    if (typeof value !== 'string' || !TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
      this.problem(
        field,
        value === undefined
          ? 'is required'
          : 'must be an ISO-8601 timestamp with a time zone, such as 2026-11-23T10:00:00.000Z',
      );
      return '';
    }
    return value;
  }

  /** The value, when neither the FieldReader nor these checks found a bad field. */
  result<T>(value: T): Parsed<T> {
    const read = this.reader.result(value);
    const fields = { ...(read.ok ? {} : read.error.fields), ...this.problems };
    const names = Object.keys(fields);
    if (names.length === 0) return { ok: true, value };
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: `Invalid command: ${names.map((name) => `${name} ${fields[name]!}`).join('; ')}`,
        fields,
      },
    };
  }
}
