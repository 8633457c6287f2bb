import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl, type HotSwapConfig } from '@hotswap/config';
import { DependencyUnavailable } from './dependency-unavailable.js';

const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The process's Redis client. Like NATS, the first connection must succeed; after that it
 * reconnects with a capped back-off, and a command issued while Redis is away fails after a few
 * reconnection attempts instead of waiting forever.
 */
export async function openRedis(config: HotSwapConfig, logger: Logger): Promise<Redis> {
  const log = logger.child({ component: 'redis' });
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectionName: config.instanceId,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 3,
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
  let lastError: Error | undefined;
  let healthy = false;
  // Without an 'error' listener ioredis prints every failed reconnection to the console.
  redis.on('error', (error: Error) => {
    lastError = error;
    if (healthy) log.warn({ err: error }, 'Redis connection lost');
    healthy = false;
  });
  redis.on('ready', () => {
    if (lastError) log.info('Redis connection restored');
    healthy = true;
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const reason = lastError?.message ?? (error instanceof Error ? error.message : String(error));
    throw new DependencyUnavailable(
      `cannot connect to Redis at ${redactUrl(config.redisUrl)} (REDIS_URL): ${reason}`,
      { cause: error },
    );
  }
  return redis;
}

/** Quits politely when connected; otherwise a quit would wait in the offline queue, so disconnect. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit();
  } else {
    redis.disconnect();
  }
}
