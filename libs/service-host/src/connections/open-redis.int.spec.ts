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
      { redisUrl: server.url, instanceId: 'test' } as HotSwapConfig,
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
