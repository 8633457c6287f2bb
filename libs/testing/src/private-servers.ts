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

export interface PrivateServersOptions {
  /** Where their data goes (default: a new folder in the jest run's temporary folder). */
  readonly dir?: string;
  /**
   * Keep Redis's data in its folder (append-only file), so it survives `restartRedis()`; without
   * it Redis writes nothing to disk and a restart starts it empty.
   */
  readonly persistRedis?: boolean;
}

export interface PrivateServers {
  /** The nats-server running now (a new one after `restartNats()`, on the same port). */
  readonly nats: LocalServer;
  /** The redis-server running now (a new one after `restartRedis()`, on the same port). */
  readonly redis: LocalServer;
  /**
   * A crash of nats-server: SIGKILL, then after `downMs` a new nats-server on the same port and
   * data folder (JetStream keeps its streams on file). Resolves once the new one accepts connections.
   */
  restartNats(downMs?: number): Promise<void>;
  /** The same for redis-server; its data survives only with `persistRedis`. */
  restartRedis(downMs?: number): Promise<void>;
  /** Stops both; a restart still waiting for its `downMs` then starts nothing. */
  stop(): Promise<void>;
}

export async function privateServers(options: PrivateServersOptions = {}): Promise<PrivateServers> {
  const dir = options.dir ?? path.join(testInfrastructure().tmpDir, uniqueName('servers'));
  const natsOptions = { dataDir: path.join(dir, 'nats') };
  const redisOptions = { dataDir: path.join(dir, 'redis'), persist: options.persistRedis ?? false };
  let nats = await startNats(natsOptions);
  let redis = await startRedis(redisOptions).catch(async (error: unknown) => {
    await nats.stop();
    throw error;
  });
  let stopped = false;
  const restarts = new Set<Promise<void>>();
  /** Runs one restart, remembered so that stop() waits for it and stops what it started. */
  const restarting = (restart: () => Promise<void>) => {
    const running = restart().finally(() => restarts.delete(running));
    restarts.add(running);
    return running;
  };
  const downFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return {
    get nats() {
      return nats;
    },
    get redis() {
      return redis;
    },
    restartNats(downMs = 0) {
      return restarting(async () => {
        await nats.kill();
        await downFor(downMs);
        if (!stopped) nats = await startNats({ ...natsOptions, port: nats.port });
      });
    },
    restartRedis(downMs = 0) {
      return restarting(async () => {
        await redis.kill();
        await downFor(downMs);
        if (!stopped) redis = await startRedis({ ...redisOptions, port: redis.port });
      });
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...restarts]);
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
