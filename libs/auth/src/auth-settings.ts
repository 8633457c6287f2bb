import { randomBytes } from 'node:crypto';
import {
  InvalidVariable,
  Secret,
  readInt,
  readString,
  type Environment,
  type HotSwapMode,
  type VariableProblems,
} from '@hotswap/config';

/** The HMAC key that signs and checks the gateway's tokens (HS256). */
export const JWT_SECRET_VARIABLE = 'HOTSWAP_JWT_SECRET';

/** No shorter than HMAC-SHA256's output (RFC 7518 §3.2 requires it for HS256). */
export const JWT_SECRET_MIN_BYTES = 32;

export const DEFAULT_JWT_ISSUER = 'hotswap';
export const DEFAULT_JWT_AUDIENCE = 'hotswap-api';
export const DEFAULT_JWT_TTL_SECONDS = 3600;

/** How far the gateway's clock may be from the one that issued a token. */
export const CLOCK_TOLERANCE_SECONDS = 5;

export interface AuthSettings {
  /** The only algorithm tokens are signed and accepted with. */
  readonly algorithm: 'HS256';
  /** The key's bytes in hexadecimal, whichever way the variable gave them. */
  readonly secret: Secret;
  /**
   * `generated` in development and test when HOTSWAP_JWT_SECRET is unset: a random key for this
   * process only, so tokens do not survive a restart or work on another gateway instance.
   */
  readonly secretSource: 'configured' | 'generated';
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  readonly clockToleranceSeconds: number;
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

const EXPECTED = `at least ${JWT_SECRET_MIN_BYTES} random bytes, in hexadecimal or base64 (e.g. from \`openssl rand -hex ${JWT_SECRET_MIN_BYTES}\`)`;

/** The key's bytes, or why `text` cannot be the key; never repeats the text. */
export function parseJwtSecret(text: string): Buffer | string {
  const bytes = HEX.test(text)
    ? Buffer.from(text, 'hex')
    : BASE64.test(text)
      ? Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64')
      : undefined;
  if (bytes === undefined) return `has an invalid value: expected ${EXPECTED}`;
  if (bytes.length < JWT_SECRET_MIN_BYTES) {
    return `is too short (${bytes.length} bytes): expected ${EXPECTED}`;
  }
  return bytes;
}

function readJwtSecret(env: Environment, requiredBecause: string | undefined): Secret | undefined {
  const value = env[JWT_SECRET_VARIABLE]?.trim();
  if (value === undefined || value === '') {
    if (requiredBecause === undefined) return undefined;
    throw new InvalidVariable(
      JWT_SECRET_VARIABLE,
      `is required (${requiredBecause}): set it to ${EXPECTED}`,
    );
  }
  const parsed = parseJwtSecret(value);
  if (typeof parsed === 'string') throw new InvalidVariable(JWT_SECRET_VARIABLE, parsed);
  return new Secret(parsed.toString('hex'));
}

/**
 * Reads the token settings; a bad variable is recorded in `problems` (the caller throws one
 * ConfigError naming them all) and a placeholder returned. In production HOTSWAP_JWT_SECRET is
 * required; elsewhere an unset one is replaced by a random key for this process.
 */
export function readAuthSettings(
  env: Environment,
  problems: VariableProblems,
  mode: HotSwapMode,
): AuthSettings {
  const generated = (): Secret => new Secret(randomBytes(JWT_SECRET_MIN_BYTES).toString('hex'));
  const configured = problems.read(
    () =>
      readJwtSecret(
        env,
        mode === 'production'
          ? 'production mode: tokens must be signed with a configured key'
          : undefined,
      ),
    undefined,
  );
  const name = { pattern: /^[\x21-\x7e]{1,200}$/, expected: 'up to 200 printable characters' };
  return {
    algorithm: 'HS256',
    secret: configured ?? generated(),
    secretSource: configured === undefined ? 'generated' : 'configured',
    issuer: problems.read(
      () => readString(env, 'HOTSWAP_JWT_ISSUER', { ...name, default: DEFAULT_JWT_ISSUER }),
      DEFAULT_JWT_ISSUER,
    ),
    audience: problems.read(
      () => readString(env, 'HOTSWAP_JWT_AUDIENCE', { ...name, default: DEFAULT_JWT_AUDIENCE }),
      DEFAULT_JWT_AUDIENCE,
    ),
    ttlSeconds: problems.read(
      () =>
        readInt(env, 'HOTSWAP_JWT_TTL_SECONDS', {
          default: DEFAULT_JWT_TTL_SECONDS,
          min: 60,
          max: 86_400,
        }),
      DEFAULT_JWT_TTL_SECONDS,
    ),
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
  };
}
