import { createSecretKey, type KeyObject } from 'node:crypto';
import {
  JsonWebTokenError,
  NotBeforeError,
  TokenExpiredError,
  decode,
  sign,
  verify,
  type JwtPayload,
} from 'jsonwebtoken';
import type { AuthSettings } from './auth-settings.js';
import { isRole, type Role } from './roles.js';

export interface TokenUser {
  readonly username: string;
  readonly roles: readonly Role[];
}

export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

export type TokenRefusal =
  | 'malformed'
  | 'algorithm-not-allowed'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'bad-claims';

export type TokenVerification =
  | { readonly ok: true; readonly user: TokenUser; readonly expiresAt: Date }
  | { readonly ok: false; readonly reason: TokenRefusal };

type TokenSettings = Pick<
  AuthSettings,
  'algorithm' | 'secret' | 'issuer' | 'audience' | 'ttlSeconds' | 'clockToleranceSeconds'
>;

// One KeyObject per secret: given bytes, jsonwebtoken first tries them as a public key (a failed
// createPublicKey per token, which cost the gateway most of its CPU under load), then as a secret.
const keys = new WeakMap<object, KeyObject>();
function key(settings: TokenSettings): KeyObject {
  let made = keys.get(settings.secret);
  if (made === undefined) {
    made = createSecretKey(Buffer.from(settings.secret.reveal(), 'hex'));
    keys.set(settings.secret, made);
  }
  return made;
}
const seconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** A token for `user`, valid from `now` for `settings.ttlSeconds`. */
export function issueToken(user: TokenUser, settings: TokenSettings, now: Date): IssuedToken {
  const iat = seconds(now);
  const exp = iat + settings.ttlSeconds;
  // iat and exp in the payload rather than `expiresIn`, so both follow the given clock.
  const token = sign({ sub: user.username, roles: [...user.roles], iat, exp }, key(settings), {
    algorithm: settings.algorithm,
    issuer: settings.issuer,
    audience: settings.audience,
  });
  return { token, expiresAt: new Date(exp * 1000) };
}

/**
 * Checks a token's signature with the one pinned algorithm, its issuer, audience and expiry (at
 * `now`, with the settings' small tolerance), and its claims. Never throws for a bad token.
 */
export function verifyToken(token: string, settings: TokenSettings, now: Date): TokenVerification {
  // Checked before verify too, so a token of another algorithm is named as such; verify is still
  // given `algorithms`, which is what refuses `alg: none` and algorithm switching.
  const header = decode(token, { complete: true })?.header;
  if (header === undefined) return { ok: false, reason: 'malformed' };
  if (header.alg !== settings.algorithm) return { ok: false, reason: 'algorithm-not-allowed' };
  let payload: JwtPayload | string;
  try {
    payload = verify(token, key(settings), {
      algorithms: [settings.algorithm],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTimestamp: seconds(now),
      clockTolerance: settings.clockToleranceSeconds,
    });
  } catch (error) {
    return { ok: false, reason: refusal(error) };
  }
  if (typeof payload === 'string') return { ok: false, reason: 'bad-claims' };
  const { sub, roles, exp } = payload;
  if (
    typeof sub !== 'string' ||
    sub === '' ||
    typeof exp !== 'number' ||
    !Array.isArray(roles) ||
    !roles.every(isRole)
  ) {
    return { ok: false, reason: 'bad-claims' };
  }
  return { ok: true, user: { username: sub, roles }, expiresAt: new Date(exp * 1000) };
}

function refusal(error: unknown): TokenRefusal {
  if (error instanceof TokenExpiredError) return 'expired';
  if (error instanceof NotBeforeError) return 'not-yet-valid';
  if (!(error instanceof JsonWebTokenError)) throw error;
  // jsonwebtoken tells these apart only by message.
  if (error.message.startsWith('jwt issuer invalid')) return 'wrong-issuer';
  if (error.message.startsWith('jwt audience invalid')) return 'wrong-audience';
  if (error.message === 'invalid algorithm') return 'algorithm-not-allowed';
  if (error.message === 'invalid signature' || error.message === 'jwt signature is required') {
    return 'bad-signature';
  }
  return 'malformed';
}
