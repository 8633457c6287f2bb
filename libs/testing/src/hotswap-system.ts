import { randomBytes } from 'node:crypto';
import { SERVICES, serviceDefinition, type ServiceName } from '@hotswap/contracts';
import { privateServers, type PrivateServers } from './private-servers.js';
import { ServiceProcess } from './service-process.js';
import { uniqueName } from './test-infrastructure.js';
import { signingEnvironment } from './test-signing-key.js';
import type { TokenUser } from '@hotswap/auth';
import { authEnvironment, authorization, type TestUsername } from './test-users.js';

export interface HotSwapSystemOptions {
  /**
   * Instances to start beside the first one of a service, e.g. `{ 'node-agent': 2 }` for three
   * node agents. They get the same variables, so they share the service's queue group (each
   * command reaches one of them) and its leases (one of them runs what is leased).
   */
  readonly extraInstances?: Partial<Readonly<Record<ServiceName, number>>>;
  /** Options for node in every process, e.g. `['--cpu-prof', '--cpu-prof-dir=…']` to profile them. */
  readonly nodeArgs?: readonly string[];
  /** How long each process gets to be ready (default 20 s; more for many processes on a busy machine). */
  readonly readyTimeoutMs?: number;
}

/**
 * The five built services as separate processes, as `npm start` runs them. By default with a
 * nats-server and redis-server of their own: services of two systems on one NATS would answer
 * each other's commands (same subjects, same queue groups). For end-to-end tests and benchmarks.
 */
export class HotSwapSystem {
  private constructor(
    private readonly firsts: Map<ServiceName, ServiceProcess>,
    /** The URL of the first instance of each service. */
    readonly urls: ReadonlyMap<ServiceName, string>,
    /**
     * The variables every service got: NATS_URL, REDIS_URL, the event store's stream and the
     * command signing key among them.
     */
    readonly env: Readonly<Record<string, string>>,
    private readonly all: Map<ServiceName, ServiceProcess[]>,
    /** Servers started for this system (none when it was given servers to use). */
    private readonly own: PrivateServers | undefined,
    private readonly nodeArgs: readonly string[] | undefined,
  ) {}

  /**
   * `infrastructure`: servers to use instead of starting new ones (the benchmark's); then nothing
   * else may run HotSwap services on them at the same time, and a system started on them after
   * another one finds its Redis keys (leases, checkpoints) unless the caller empties Redis first.
   */
  static async start(
    extraEnv: Record<string, string> = {},
    infrastructure?: { natsUrl: string; redisUrl: string },
    options: HotSwapSystemOptions = {},
  ): Promise<HotSwapSystem> {
    const counts = SERVICES.map((s) => {
      const extra = options.extraInstances?.[s.name] ?? 0;
      if (!Number.isSafeInteger(extra) || extra < 0) {
        throw new RangeError(
          `extraInstances of ${s.name} must be a whole number >= 0, not ${extra}`,
        );
      }
      return [s.name, 1 + extra] as const;
    });
    const name = uniqueName('sys');
    const own = infrastructure ? undefined : await privateServers();
    const env = {
      // The process's own key (testSigningKey), so commands sent from here reach the services.
      ...signingEnvironment(),
      // The run's token key and the test users (viewer, deployer, admin): see headers().
      ...(await authEnvironment()),
      // Tests poll as one user from one address far faster than people do: limits that are
      // counted (their cost is measured) but not reached.
      HOTSWAP_RATE_LIMIT_PER_IP: '10000000',
      HOTSWAP_RATE_LIMIT_PER_USER: '10000000',
      // As production has one: webhook secrets are stored encrypted, readable by every gateway.
      HOTSWAP_WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      NATS_URL: infrastructure?.natsUrl ?? own!.nats.url,
      REDIS_URL: infrastructure?.redisUrl ?? own!.redis.url,
      HOTSWAP_JETSTREAM_STREAM: name.toUpperCase(),
      HOTSWAP_JETSTREAM_SUBJECT_PREFIX: `${name}.es`,
      ...extraEnv,
    };
    const instances = new Map(
      counts.map(
        ([service, count]) =>
          [
            service,
            Array.from({ length: count }, () =>
              ServiceProcess.start(service, env, options.nodeArgs),
            ),
          ] as const,
      ),
    );
    const all = [...instances.values()].flat();
    try {
      const urls = await Promise.all(
        [...instances].map(async ([service, processes]) => {
          const [first] = await Promise.all(processes.map((p) => p.ready(options.readyTimeoutMs)));
          return [service, first!] as const;
        }),
      );
      const firsts = new Map([...instances].map(([service, [first]]) => [service, first!]));
      return new HotSwapSystem(firsts, new Map(urls), env, instances, own, options.nodeArgs);
    } catch (error) {
      await Promise.all(all.map((p) => p.kill()));
      await own?.stop();
      throw error;
    }
  }

  /** The port each restarted instance keeps (`<service>#<index>`). */
  private readonly ports = new Map<string, number>();

  /** The first instance of each service (the one running now, after a restart). */
  get processes(): ReadonlyMap<ServiceName, ServiceProcess> {
    return this.firsts;
  }

  /**
   * Every instance of each service, the first one first (see HotSwapSystemOptions); a restarted
   * instance is replaced in its place by its new process.
   */
  get instances(): ReadonlyMap<ServiceName, readonly ServiceProcess[]> {
    return this.all;
  }

  get gateway(): string {
    return this.urls.get('gateway')!;
  }

  /** `{ authorization }` with a token of a test user (viewer, deployer, admin) or any user. */
  headers(user: TestUsername | TokenUser): { authorization: string } {
    return authorization(user);
  }

  /** Instance `index` (0 the first) of `service`, as it runs now. */
  instance(service: ServiceName, index: number): ServiceProcess {
    const instance = this.instances.get(service)?.[index];
    if (!instance) throw new RangeError(`${service} has no instance ${index}`);
    return instance;
  }

  /**
   * Restarts instance `index` of `service` as a crash and a supervisor would: SIGKILL if it still
   * runs, then a new process with the same variables and, once the old one had listened, the same
   * port (so its URL, and `urls` for a first instance, stay valid). Resolves with the new process
   * as soon as it is spawned, not when it is ready (it may not get ready while NATS is down):
   * await its `ready()` when that matters. Its output starts afresh (read the old process's
   * from the instance before restarting it).
   */
  async restart(service: ServiceName, index: number): Promise<ServiceProcess> {
    const old = this.instance(service, index);
    await old.kill();
    // An instance restarted while NATS or Redis was down exits before it listens: its port is
    // the one an earlier process of that instance had, or its URL would change for good.
    const key = `${service}#${index}`;
    const port = old.listeningPort() ?? this.ports.get(key);
    if (port !== undefined) this.ports.set(key, port);
    const env =
      port === undefined
        ? this.env
        : { ...this.env, [serviceDefinition(service).portVariable]: String(port) };
    const fresh = ServiceProcess.start(service, env, this.nodeArgs);
    this.all.get(service)![index] = fresh;
    if (index === 0) this.firsts.set(service, fresh);
    return fresh;
  }

  /** SIGTERM to every instance, waits for them to exit (SIGKILL after the deadline), then stops its servers. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await Promise.all(
      [...this.instances.values()].flat().map(async (p) => {
        p.signal('SIGTERM');
        await p.exitWithin(timeoutMs).catch(() => p.kill());
      }),
    );
    await this.own?.stop();
  }
}
