import { generateKeyPairSync } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { Secret } from '@hotswap/config';
import type { AuthSettings } from './auth-settings.js';
import { issueToken, verifyToken } from './tokens.js';

const settings: AuthSettings = {
  algorithm: 'HS256',
  secret: new Secret('11'.repeat(32)),
  secretSource: 'configured',
  issuer: 'hotswap',
  audience: 'hotswap-api',
  ttlSeconds: 3600,
  clockToleranceSeconds: 5,
};
const now = new Date('2025-06-01T12:00:00Z');
const alice = { username: 'alice', roles: ['Deployer'] as const };
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('tokens', () => {
  it('round trip: the user and expiry come back', () => {
    const { token, expiresAt } = issueToken(alice, settings, now);
    expect(expiresAt).toEqual(later(3600));
    expect(verifyToken(token, settings, later(10))).toEqual({
      ok: true,
      user: { username: 'alice', roles: ['Deployer'] },
      expiresAt,
    });
  });

  it('expire after the ttl, with a small tolerance', () => {
    const { token } = issueToken(alice, { ...settings, ttlSeconds: 60 }, now);
    expect(verifyToken(token, settings, later(64)).ok).toBe(true);
    expect(verifyToken(token, settings, later(66))).toEqual({ ok: false, reason: 'expired' });
  });

  it('are refused with another secret', () => {
    const { token } = issueToken(alice, { ...settings, secret: new Secret('22'.repeat(32)) }, now);
    expect(verifyToken(token, settings, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('are refused from another issuer or for another audience', () => {
    const other = issueToken(alice, { ...settings, issuer: 'someone-else' }, now).token;
    expect(verifyToken(other, settings, now)).toEqual({ ok: false, reason: 'wrong-issuer' });
    const elsewhere = issueToken(alice, { ...settings, audience: 'other-api' }, now).token;
    expect(verifyToken(elsewhere, settings, now)).toEqual({ ok: false, reason: 'wrong-audience' });
  });

  it('refuses an unsigned `alg: none` token', () => {
    const payload = {
      sub: 'mallory',
      roles: ['Admin'],
      iss: 'hotswap',
      aud: 'hotswap-api',
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 3600,
    };
    for (const alg of ['none', 'None', 'NONE']) {
      const token = `${base64url({ alg, typ: 'JWT' })}.${base64url(payload)}.`;
      expect(verifyToken(token, settings, now)).toEqual({
        ok: false,
        reason: 'algorithm-not-allowed',
      });
    }
  });

  it('refuses a token of another algorithm, even one signed with the same secret', () => {
    const claims = { sub: 'mallory', roles: ['Admin'], iat: now.getTime() / 1000 };
    const options = { issuer: 'hotswap', audience: 'hotswap-api', expiresIn: 3600 };
    const hs512 = sign(claims, Buffer.from(settings.secret.reveal(), 'hex'), {
      ...options,
      algorithm: 'HS512',
    });
    expect(verifyToken(hs512, settings, now)).toEqual({
      ok: false,
      reason: 'algorithm-not-allowed',
    });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const rs256 = sign(claims, privateKey, { ...options, algorithm: 'RS256' });
    expect(verifyToken(rs256, settings, now)).toEqual({
      ok: false,
      reason: 'algorithm-not-allowed',
    });
  });

  it('refuses a well-signed token with unknown roles or no expiry', () => {
    const key = Buffer.from(settings.secret.reveal(), 'hex');
    const options = { issuer: 'hotswap', audience: 'hotswap-api', algorithm: 'HS256' } as const;
    const iat = now.getTime() / 1000;
    const root = sign({ sub: 'bob', roles: ['Root'], iat, exp: iat + 60 }, key, options);
    expect(verifyToken(root, settings, now)).toEqual({ ok: false, reason: 'bad-claims' });
    const forever = sign({ sub: 'bob', roles: ['Viewer'], iat }, key, options);
    expect(verifyToken(forever, settings, now)).toEqual({ ok: false, reason: 'bad-claims' });
  });

  it('calls garbage malformed', () => {
    expect(verifyToken('not.a.token', settings, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken('', settings, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
