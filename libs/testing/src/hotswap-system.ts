import { SERVICES, type ServiceName } from '@hotswap/contracts';
import { privateServers, type PrivateServers } from './private-servers.js';
import { ServiceProcess } from './service-process.js';
import { uniqueName } from './test-infrastructure.js';

/**
 * The five built services as separate processes, as `npm start` runs them. By default with a
 * nats-server and redis-server of their own: services of two systems on one NATS would answer
 * each other's commands (same subjects, same queue groups). For end-to-end tests and benchmarks.
 */
export class HotSwapSystem {
  private constructor(
    readonly processes: ReadonlyMap<ServiceName, ServiceProcess>,
    readonly urls: ReadonlyMap<ServiceName, string>,
    /** The variables every service got: NATS_URL, REDIS_URL, the event store's stream among them. */
    readonly env: Readonly<Record<string, string>>,
    /** Servers started for this system (none when it was given servers to use). */
    private readonly own: PrivateServers | undefined,
  ) {}

  /**
   * `infrastructure`: servers to use instead of starting new ones (the benchmark's); then nothing
   * else may run HotSwap services on them at the same time.
   */
  static async start(
    extraEnv: Record<string, string> = {},
    infrastructure?: { natsUrl: string; redisUrl: string },
  ): Promise<HotSwapSystem> {
    const name = uniqueName('sys');
    const own = infrastructure ? undefined : await privateServers();
    const env = {
      NATS_URL: infrastructure?.natsUrl ?? own!.nats.url,
      REDIS_URL: infrastructure?.redisUrl ?? own!.redis.url,
      HOTSWAP_JETSTREAM_STREAM: name.toUpperCase(),
      HOTSWAP_JETSTREAM_SUBJECT_PREFIX: `${name}.es`,
      ...extraEnv,
    };
    const processes = new Map(
      SERVICES.map((s) => [s.name, ServiceProcess.start(s.name, env)] as const),
    );
    try {
      const urls = new Map(
        await Promise.all(
          [...processes].map(
            async ([service, process]) => [service, await process.ready()] as const,
          ),
        ),
      );
      return new HotSwapSystem(processes, urls, env, own);
    } catch (error) {
      await Promise.all([...processes.values()].map((p) => p.kill()));
      await own?.stop();
      throw error;
    }
  }

  get gateway(): string {
    return this.urls.get('gateway')!;
  }

  /** SIGTERM to every service, waits for them to exit (SIGKILL after the deadline), then stops its servers. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(async (p) => {
        p.signal('SIGTERM');
        await p.exitWithin(timeoutMs).catch(() => p.kill());
      }),
    );
    await this.own?.stop();
  }
}
