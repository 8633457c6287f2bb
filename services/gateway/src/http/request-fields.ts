/**
 * The rules for the fields that several requests share (a deployment, a fault): what a module
 * name, a version, a requester and an Idempotency-Key may be, and what a 400 says when they are not.
 * Module names and versions follow the rules every service applies (@hotswap/contracts).
 */
import { MODULE_NAME_RULE } from '@hotswap/contracts';

export { isModuleName, isSemanticVersion } from '@hotswap/contracts';

// Deliberately loose (one @, no spaces, a dot in the domain): an address to reach someone at.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL_LENGTH = 254;
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,200}$/;

export const isEmail = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= MAX_EMAIL_LENGTH && EMAIL.test(v);
export const isIdempotencyKey = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && IDEMPOTENCY_KEY.test(v));

export const MODULE_NAME_PROBLEM = `must be ${MODULE_NAME_RULE}`;
export const VERSION_PROBLEM =
  'must be a semantic version (semver 2.0) such as 2.1.0 or 1.0.0-beta.1';
export const EMAIL_PROBLEM = 'must be an email address';
export const IDEMPOTENCY_KEY_PROBLEM = 'must be given once, 1 to 200 printable ASCII characters';

/**
 * A JSON body read field by field: `field(name, value, accept, problem)` returns `{ value }` when
 * `accept` takes it, and otherwise notes the problem under `name` in `fields`, so one 400 names
 * every bad field.
 */
export function bodyFields(body: unknown) {
  const fields: Record<string, string> = {};
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (!isObject) fields['body'] = 'must be a JSON object';
  const input = (isObject ? body : {}) as Record<string, unknown>;
  function field<T>(name: string, value: unknown, accept: (v: unknown) => v is T, problem: string) {
    if (accept(value)) return { value };
    fields[name] = problem;
    return undefined;
  }
  return { input, fields, field };
}
