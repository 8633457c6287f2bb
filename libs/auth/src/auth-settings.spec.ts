import { inspect } from 'node:util';
import { ConfigError, VariableProblems } from '@hotswap/config';
import { readAuthSettings } from './auth-settings.js';

const HEX_KEY = 'ab'.repeat(32);

function read(env: Record<string, string>, mode: 'production' | 'development' = 'development') {
  const problems = new VariableProblems();
  const settings = readAuthSettings(env, problems, mode);
  return { settings, problems };
}

describe('readAuthSettings', () => {
  it('has defaults for everything but the secret', () => {
    const { settings, problems } = read({ HOTSWAP_JWT_SECRET: HEX_KEY });
    expect(problems.any).toBe(false);
    expect(settings).toMatchObject({
      algorithm: 'HS256',
      secretSource: 'configured',
      issuer: 'hotswap',
      audience: 'hotswap-api',
      ttlSeconds: 3600,
    });
    expect(settings.secret.reveal()).toBe(HEX_KEY);
  });

  it('takes the secret in base64 too, and never shows it', () => {
    const base64 = Buffer.from(HEX_KEY, 'hex').toString('base64');
    const { settings } = read({ HOTSWAP_JWT_SECRET: base64 });
    expect(settings.secret.reveal()).toBe(HEX_KEY);
    expect(JSON.stringify(settings)).not.toContain(HEX_KEY);
    expect(inspect(settings)).not.toContain(HEX_KEY);
  });

  it('refuses to start in production without a secret, naming HOTSWAP_JWT_SECRET', () => {
    const { problems } = read({}, 'production');
    expect(() => problems.throwIfAny('gateway')).toThrow(ConfigError);
    expect(() => problems.throwIfAny('gateway')).toThrow(/HOTSWAP_JWT_SECRET is required/);
  });

  it('generates a key for this process in development when none is set', () => {
    const { settings, problems } = read({});
    expect(problems.any).toBe(false);
    expect(settings.secretSource).toBe('generated');
    expect(Buffer.from(settings.secret.reveal(), 'hex')).toHaveLength(32);
  });

  it('names each bad variable, without repeating a bad secret', () => {
    const { problems } = read({
      HOTSWAP_JWT_SECRET: 'ab'.repeat(31),
      HOTSWAP_JWT_TTL_SECONDS: '59',
      HOTSWAP_JWT_ISSUER: 'has space',
    });
    let error: unknown;
    try {
      problems.throwIfAny('gateway');
    } catch (e) {
      error = e;
    }
    const message = (error as Error).message;
    expect(message).toContain('HOTSWAP_JWT_SECRET is too short (31 bytes)');
    expect(message).not.toContain('ab'.repeat(31));
    expect(message).toContain(
      "HOTSWAP_JWT_TTL_SECONDS is '59': expected an integer from 60 to 86400",
    );
    expect(message).toContain('HOTSWAP_JWT_ISSUER');
  });

  it('refuses a secret that is neither hexadecimal nor base64', () => {
    const { problems } = read({ HOTSWAP_JWT_SECRET: 'not a key at all!'.repeat(4) }, 'production');
    expect(() => problems.throwIfAny('gateway')).toThrow(/HOTSWAP_JWT_SECRET has an invalid value/);
  });
});
