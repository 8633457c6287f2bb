import { InvalidVariable } from './invalid-variable.js';

/**
 * Readers of single environment variables. Each returns a typed value or throws an
 * `InvalidVariable` that names the variable and says what is allowed. An empty value counts as
 * unset (compose files and shells often pass `NAME=`). Values are echoed in messages only where
 * they cannot hold a secret: URLs and connection strings are never echoed.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

interface WithDefault<T> {
  /** Used when the variable is unset; without one the variable is required. */
  readonly default?: T;
  /** Why the variable has no default here, for the message when it is missing. */
  readonly requiredBecause?: string;
}

function raw(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function missing<T>(name: string, options: WithDefault<T>, expected: string): T {
  if (options.default !== undefined) return options.default;
  const because = options.requiredBecause === undefined ? '' : ` (${options.requiredBecause})`;
  throw new InvalidVariable(name, `is required${because}: set it to ${expected}`);
}

export function readString(
  env: Environment,
  name: string,
  options: WithDefault<string> & {
    /** The whole value must match. */
    readonly pattern?: RegExp;
    /** What a valid value looks like, for messages ("letters, digits, '-' and '_'"). */
    readonly expected: string;
    /** Do not repeat the value in messages (credentials, connection strings). */
    readonly secret?: boolean;
  },
): string {
  const value = raw(env, name);
  if (value === undefined) return missing(name, options, options.expected);
  if (options.pattern && !options.pattern.test(value)) {
    const shown = options.secret ? 'has an invalid value' : `is '${value}'`;
    throw new InvalidVariable(name, `${shown}: expected ${options.expected}`);
  }
  return value;
}

export function readEnum<const T extends readonly string[]>(
  env: Environment,
  name: string,
  allowed: T,
  options: WithDefault<T[number]> = {},
): T[number] {
  const expected = `one of ${allowed.join(', ')}`;
  const value = raw(env, name);
  if (value === undefined) return missing(name, options, expected);
  if (!allowed.includes(value))
    throw new InvalidVariable(name, `is '${value}': expected ${expected}`);
  return value;
}

export function readInt(
  env: Environment,
  name: string,
  options: WithDefault<number> & { readonly min?: number; readonly max?: number } = {},
): number {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  const expected = `an integer from ${min} to ${max}`;
  const value = raw(env, name);
  if (value === undefined) return missing(name, options, expected);
  const parsed = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new InvalidVariable(name, `is '${value}': expected ${expected}`);
  }
  return parsed;
}

/** A TCP port; 0 asks the system for a free one (tests). */
export function readPort(
  env: Environment,
  name: string,
  options: WithDefault<number> = {},
): number {
  return readInt(env, name, { ...options, min: 0, max: 65535 });
}

/** A URL with a host and one of `protocols` (given with their colon: `nats:`). */
export function readUrl(
  env: Environment,
  name: string,
  options: WithDefault<string> & { readonly protocols: readonly string[] },
): string {
  const example = `${options.protocols[0] ?? 'scheme:'}//host:port`;
  const expected = `a URL such as ${example} (scheme ${options.protocols.map((p) => p.replace(/:$/, '')).join(' or ')})`;
  const value = raw(env, name);
  if (value === undefined) return missing(name, options, expected);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidVariable(name, `is not a valid URL: expected ${expected}`);
  }
  if (!options.protocols.includes(url.protocol)) {
    throw new InvalidVariable(
      name,
      `has scheme '${url.protocol.replace(/:$/, '')}': expected ${expected}`,
    );
  }
  if (url.hostname === '') throw new InvalidVariable(name, `has no host: expected ${expected}`);
  return value;
}
