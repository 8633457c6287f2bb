import path from 'node:path';
import { pino } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import { eventually, startRedis, testInfrastructure, uniqueName } from '@hotswap/testing';
import { letGoOfRedisIfAway, openRedis } from './open-redis.js';

describe('letting go of a Redis that is away, at shutdown', () => {
  it('fails the commands waiting for it and any new one at once', async () => {
    const server = await startRedis({
      dataDir: path.join(testInfrastructure().tmpDir, uniqueName('redis')),
    });
    const redis = await openRedis(
      { redisUrl: server.url, instanceId: 'test', redisCommandTimeoutMs: 1_000 } as HotSwapConfig,
      pino({ enabled: false }),
    );
    await server.stop();
    await eventually(() => redis.status === 'reconnecting', { what: 'ioredis reconnecting' });
    // Queued for the reconnection: it would wait for the retries (seconds) or, after a bare
    // disconnect(), forever.
    const waiting = redis.set('key', 'value');

    const started = Date.now();
    await letGoOfRedisIfAway(redis);
    await expect(waiting).rejects.toThrow('Redis is away and this process is stopping');
    await expect(redis.get('key')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('a Redis that hangs', () => {
  it('fails a command at its deadline instead of waiting for as long as the socket stays open', async () => {
    const server = await startRedis({
      dataDir: path.join(testInfrastructure().tmpDir, uniqueName('redis')),
    });
    const redis = await openRedis(
      { redisUrl: server.url, instanceId: 'test', redisCommandTimeoutMs: 300 } as HotSwapConfig,
      pino({ enabled: false }),
    );
    // Stopped, not dead: the socket stays open and nothing answers, as with a hung server.
    process.kill(server.pid!, 'SIGSTOP');
    try {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        redis.set('key', 'value').then(
          () => 'answered',
          (error: Error) => error.message,
        ),
        new Promise((resolve) => (timer = setTimeout(resolve, 3_000, 'still waiting after 3 s'))),
      ]);
      clearTimeout(timer);
      expect(outcome).toBe('Command timed out');
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      process.kill(server.pid!, 'SIGCONT');
      redis.disconnect();
      await server.stop();
    }
  });
});
