import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { redactUrl, type HotSwapConfig } from '@hotswap/config';
import { DependencyUnavailable } from './dependency-unavailable.js';

const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The process's Redis client. Like NATS, the first connection must succeed; after that it
 * reconnects with a capped back-off, and a command issued while Redis is away fails after a few
 * reconnection attempts instead of waiting forever. Every command has a deadline
 * (`commandTimeout`): a Redis that hangs without closing its socket (stopped, or a network that
 * drops packets) would otherwise hang a lease renewal for as long as the socket stays open.
 */
export async function openRedis(config: HotSwapConfig, logger: Logger): Promise<Redis> {
  const log = logger.child({ component: 'redis' });
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectionName: config.instanceId,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 3,
    commandTimeout: config.redisCommandTimeoutMs,
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

/**
 * At shutdown, a Redis that is away is let go before anything else stops: the commands the
 * stopping parts still send (lease releases, checkpoints) then fail at once instead of each
 * waiting out its reconnection attempts (seconds) and holding the exit up. What they would have
 * written is lost either way; leases expire, and checkpoints lagging only deliver events again.
 */
export function letGoOfRedisIfAway(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  // New commands fail at once rather than queue for a connection that will not come.
  redis.options.enableOfflineQueue = false;
  redis.disconnect();
  // ioredis 5: disconnect() while it waits to reconnect has no socket to close, so it never
  // rejects the commands already queued (they would wait forever); reject them as its close
  // handler does.
  (redis as unknown as { flushQueue(error: Error): void }).flushQueue(
    new Error('Redis is away and this process is stopping'),
  );
  return Promise.resolve();
}

/** Quits politely when connected; otherwise a quit would wait in the offline queue, so disconnect. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') {
    await redis.quit();
  } else {
    redis.disconnect();
  }
}
