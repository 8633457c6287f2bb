import { Redis } from 'ioredis';
import { InMemoryLoginAttempts, LoginLockout } from '@hotswap/auth';
import pino from 'pino';
import { LOGGER } from '@hotswap/service-host';
import { eventually, testInfrastructure, testToken, uniqueName } from '@hotswap/testing';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { AuthenticationController } from '../authentication/authentication.controller.js';
import { UsersDirectory } from '../authentication/users-directory.js';
import { GatewayOptions } from '../gateway-options.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimiter } from './rate-limiter.js';

/**
 * The rate limits across two gateway instances sharing the run's Redis, as two instances behind
 * a load balancer would: per user and per IP address, `429` with `Retry-After`, probes not counted.
 */
describe('rate limits', () => {
  let redis: Redis;
  const apps: HttpApp[] = [];
  // One window for the whole test: the clock stands still at its start.
  const now = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 60_000);

  let limiters: RateLimiter[] = [];
  /** Both instances have shared their counts (they do every 100 ms on their own). */
  const settle = () => Promise.all(limiters.map((limiter) => limiter.sync()));

  async function gateways(perIp: number, perUser: number): Promise<[HttpApp, HttpApp]> {
    const prefix = `${uniqueName('rl')}:`;
    limiters = [];
    const options = new GatewayOptions({
      rateLimits: { perIp, perUser, windowMs: 60_000 },
      now: () => now,
    });
    const instance = () => {
      const limiter = new RateLimiter(redis, prefix, 60_000, pino({ level: 'silent' }));
      limiters.push(limiter);
      return startHttpApp({
        controllers: [AuthenticationController],
        providers: [
          { provide: GatewayOptions, useValue: options },
          { provide: RateLimiter, useValue: limiter },
          { provide: LOGGER, useValue: pino({ level: 'silent' }) },
          UsersDirectory,
          { provide: LoginLockout, useValue: new LoginLockout(new InMemoryLoginAttempts()) },
        ],
        guards: [RateLimitGuard],
      });
    };
    const pair: [HttpApp, HttpApp] = [await instance(), await instance()];
    apps.push(...pair);
    return pair;
  }

  beforeAll(() => {
    redis = new Redis(testInfrastructure().redisUrl);
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await redis.quit();
  });

  const me = (app: HttpApp, user: 'viewer' | 'admin') =>
    request('GET', `${app.url}/api/v1/authentication/me`, undefined, {
      authorization: `Bearer ${testToken(user)}`,
    });

  it('gives each user so many requests per window, whichever instance answers', async () => {
    const [a, b] = await gateways(0, 3);
    const statuses = [];
    for (const app of [a, b, a]) {
      statuses.push((await me(app, 'viewer')).status);
      await settle();
    }
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await me(b, 'viewer');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((refused.body as { message: string }).message).toBe(
      "Rate limit reached: 3 requests per 60 s for user 'viewer'; try again in 60 s",
    );
    // Another user has a budget of their own.
    expect((await me(a, 'admin')).status).toBe(200);
  });

  it('counts every API request of an address, the login too, but not the probes', async () => {
    const [a, b] = await gateways(2, 0);
    const login = (app: HttpApp) =>
      request('POST', `${app.url}/api/v1/authentication/login`, {}, { authorization: '' });
    expect((await login(a)).status).toBe(400);
    await settle();
    expect((await me(b, 'admin')).status).toBe(200);
    await settle();
    const refused = await login(b);
    expect(refused.status).toBe(429);
    expect((refused.body as { message: string }).message).toMatch(
      /^Rate limit reached: 2 requests per 60 s for IP address '.+'; try again in 60 s$/,
    );
    await settle();
    const answered = await me(a, 'viewer');
    expect(answered.status).toBe(429);
    expect(answered.headers.get('retry-after')).toBe('60');
  });

  it('shares the counts through Redis on its own, within a fraction of a second', async () => {
    const [a, b] = await gateways(0, 2);
    expect((await me(a, 'viewer')).status).toBe(200);
    expect((await me(a, 'viewer')).status).toBe(200);
    await eventually(async () => (await me(b, 'viewer')).status === 429, {
      what: "instance b to learn of a's requests",
      timeoutMs: 2_000,
    });
  });

  it('tells a client what is left', async () => {
    const [a] = await gateways(0, 5);
    const first = await me(a, 'viewer');
    expect(first.headers.get('ratelimit-remaining')).toBe('4');
    expect(first.headers.get('ratelimit-reset')).toBe('60');
  });
});
