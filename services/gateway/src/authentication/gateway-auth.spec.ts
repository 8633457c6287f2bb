import { ConfigError } from '@hotswap/config';
import { readGatewayAuth } from './gateway-auth.js';

const KEY = 'ab'.repeat(32);

function problems(env: Record<string, string | undefined>): string {
  try {
    readGatewayAuth(env, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('the gateway’s authentication variables', () => {
  it('refuses to start in production without a token key, naming the variable', () => {
    for (const env of [{ HOTSWAP_MODE: 'production' }, { NODE_ENV: 'production' }]) {
      expect(problems(env)).toMatch(/HOTSWAP_JWT_SECRET is required \(production mode/);
    }
    expect(problems({ HOTSWAP_MODE: 'production', HOTSWAP_JWT_SECRET: KEY })).toBe('');
  });

  it('makes a key for the process outside production, and says so', () => {
    const auth = readGatewayAuth({}, '/srv');
    expect(auth.settings.secretSource).toBe('generated');
    expect(auth.settings.secret.reveal()).toMatch(/^[0-9a-f]{64}$/);
    expect(readGatewayAuth({}, '/srv').settings.secret.reveal()).not.toBe(
      auth.settings.secret.reveal(),
    );
    expect(auth.usersFile).toBe('/srv/.data/users.json');
    expect(auth.lockout).toEqual({ maxFailures: 5, lockMs: 900_000 });
  });

  it('names every bad variable at once', () => {
    const message = problems({
      HOTSWAP_JWT_SECRET: 'not a key!',
      HOTSWAP_LOGIN_MAX_FAILURES: '0',
      HOTSWAP_LOGIN_LOCK_MS: 'soon',
    });
    expect(message).toMatch(/HOTSWAP_JWT_SECRET has an invalid value/);
    expect(message).toMatch(/HOTSWAP_LOGIN_MAX_FAILURES/);
    expect(message).toMatch(/HOTSWAP_LOGIN_LOCK_MS/);
    expect(message).not.toContain('not a key');
  });

  it('takes the users file and lockout it is given', () => {
    const auth = readGatewayAuth(
      {
        HOTSWAP_JWT_SECRET: KEY,
        HOTSWAP_USERS_FILE: '/etc/hotswap/users.json',
        HOTSWAP_LOGIN_MAX_FAILURES: '3',
        HOTSWAP_LOGIN_LOCK_MS: '60000',
      },
      '/srv',
    );
    expect(auth.settings.secretSource).toBe('configured');
    expect(auth.usersFile).toBe('/etc/hotswap/users.json');
    expect(auth.lockout).toEqual({ maxFailures: 3, lockMs: 60_000 });
  });
});
