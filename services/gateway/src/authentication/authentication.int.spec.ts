import { Redis } from 'ioredis';
import { LoginLockout, RedisLoginAttempts } from '@hotswap/auth';
import {
  testAuthSettings,
  testInfrastructure,
  testToken,
  testUsersFile,
  uniqueName,
} from '@hotswap/testing';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { GatewayOptions } from '../gateway-options.js';
import { AuthenticationController } from './authentication.controller.js';
import { GatewayAuth } from './gateway-auth.js';
import { UsersDirectory } from './users-directory.js';

/**
 * Logins against the test users file, with the lockout counted in the run's Redis: two gateway
 * instances share one count, as two instances behind a load balancer would.
 */
describe('/api/v1/authentication', () => {
  let redis: Redis;
  let gateways: HttpApp[];
  let passwords: Record<string, string>;
  const now = new Date();

  beforeAll(async () => {
    redis = new Redis(testInfrastructure().redisUrl);
    const users = await testUsersFile();
    passwords = users.passwords;
    const prefix = `${uniqueName('auth')}:login-failures:`;
    const auth = new GatewayAuth(testAuthSettings(), users.file, {
      maxFailures: 5,
      lockMs: 60_000,
    });
    const instance = () =>
      startHttpApp({
        controllers: [AuthenticationController],
        providers: [
          { provide: GatewayAuth, useValue: auth },
          { provide: GatewayOptions, useValue: new GatewayOptions({ now: () => now }) },
          UsersDirectory,
          {
            provide: LoginLockout,
            useValue: new LoginLockout(new RedisLoginAttempts(redis, prefix), auth.lockout),
          },
        ],
      });
    gateways = [await instance(), await instance()];
  });
  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.close()));
    await redis.quit();
  });

  const login = (body: unknown, gateway = 0) =>
    request('POST', `${gateways[gateway]!.url}/api/v1/authentication/login`, body, {
      authorization: '',
    });

  it('trades a username and password for a token that the API accepts', async () => {
    const response = await login({ username: 'deployer', password: passwords['deployer'] });
    expect(response.status).toBe(200);
    const body = response.body as { token: string; expiresAt: string; user: object };
    expect(body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) as string,
      expiresAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + 3_600_000).toISOString(),
      user: { username: 'deployer', roles: ['Deployer'] },
    });
    const me = await request('GET', `${gateways[1]!.url}/api/v1/authentication/me`, undefined, {
      authorization: `Bearer ${body.token}`,
    });
    expect(me).toMatchObject({
      status: 200,
      body: { username: 'deployer', roles: ['Deployer'], expiresAt: body.expiresAt },
    });
  });

  it('answers 401 for a wrong password and for an unknown user alike', async () => {
    const wrong = await login({ username: 'viewer', password: 'not-the-password' });
    const unknown = await login({ username: 'nobody', password: 'not-the-password' });
    for (const response of [wrong, unknown]) {
      expect(response).toMatchObject({
        status: 401,
        body: { statusCode: 401, message: 'Wrong username or password' },
      });
    }
  });

  it('answers 400 naming each missing field', async () => {
    expect(await login({})).toMatchObject({
      status: 400,
      body: { fields: { username: 'is required (text)', password: 'is required (text)' } },
    });
    expect(await login(['admin', 'secret'])).toMatchObject({
      status: 400,
      body: { fields: { body: 'must be a JSON object' } },
    });
  });

  it('locks an account after five failures on any instance, even for the right password', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await login({ username: 'admin', password: `wrong-${i}` }, i % 2)).status).toBe(401);
    }
    for (const gateway of [0, 1]) {
      const locked = await login({ username: 'admin', password: passwords['admin'] }, gateway);
      expect(locked.status).toBe(429);
      expect(String((locked.body as { message: string }).message)).toMatch(
        /^Account 'admin' is locked after 5 failed logins; try again in 1 minute/,
      );
      const retryAfter = Number(locked.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Other accounts are not affected.
    expect((await login({ username: 'viewer', password: passwords['viewer'] })).status).toBe(200);
  });

  it('forgets failures after a successful login', async () => {
    for (let i = 0; i < 4; i++) await login({ username: 'viewer', password: 'wrong' });
    expect((await login({ username: 'viewer', password: passwords['viewer'] })).status).toBe(200);
    for (let i = 0; i < 4; i++) await login({ username: 'viewer', password: 'wrong' });
    expect((await login({ username: 'viewer', password: passwords['viewer'] })).status).toBe(200);
  });

  it('GET /me answers 401 without a token and names why a token is refused', async () => {
    const url = `${gateways[0]!.url}/api/v1/authentication/me`;
    const none = await request('GET', url, undefined, { authorization: '' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="hotswap"');
    const expired = await request('GET', url, undefined, {
      authorization: `Bearer ${testToken('viewer', new Date(now.getTime() - 2 * 3_600_000))}`,
    });
    expect(expired).toMatchObject({
      status: 401,
      body: { message: 'Invalid token: the token has expired: log in again' },
    });
    expect(expired.headers.get('www-authenticate')).toBe(
      'Bearer realm="hotswap", error="invalid_token"',
    );
  });
});
