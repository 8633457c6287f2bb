import path from 'node:path';
import { startNats, startRedis, type LocalServer } from './local-servers.js';
import { testInfrastructure, uniqueName } from './test-infrastructure.js';
import { signingEnvironment } from './test-signing-key.js';

/**
 * A nats-server (and, when asked, a redis-server) of the caller's own, in the run's temporary
 * folder. Services listen on fixed command subjects and Redis keys: on the run's shared servers,
 * another test's services would answer this test's commands.
 */
export async function privateNats(): Promise<LocalServer> {
  return startNats({ dataDir: path.join(testInfrastructure().tmpDir, uniqueName('nats')) });
}

export interface PrivateServers {
  readonly nats: LocalServer;
  readonly redis: LocalServer;
  stop(): Promise<void>;
}

export async function privateServers(): Promise<PrivateServers> {
  const dir = path.join(testInfrastructure().tmpDir, uniqueName('servers'));
  const nats = await startNats({ dataDir: path.join(dir, 'nats') });
  const redis = await startRedis({ dataDir: path.join(dir, 'redis') }).catch(
    async (error: unknown) => {
      await nats.stop();
      throw error;
    },
  );
  return {
    nats,
    redis,
    async stop() {
      await Promise.all([nats.stop(), redis.stop()]);
    },
  };
}

/**
 * Variables that point a service at `natsUrl`, the run's shared Redis and an event stream of its
 * own, with the run's command signing key.
 */
export function testEnvironment(natsUrl: string): Record<string, string> {
  const stream = uniqueName('es');
  return {
    ...signingEnvironment(),
    NATS_URL: natsUrl,
    REDIS_URL: testInfrastructure().redisUrl,
    HOTSWAP_JETSTREAM_STREAM: stream.toUpperCase(),
    HOTSWAP_JETSTREAM_SUBJECT_PREFIX: `${stream}.es`,
  };
}
