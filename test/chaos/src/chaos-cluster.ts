import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICES, type ServiceName } from '@hotswap/contracts';
import {
  HotSwapSystem,
  privateServers,
  type PrivateServers,
  type ServiceProcess,
} from '@hotswap/testing';

/**
 * Settings for a run that takes minutes, not hours: stages, waves and smoke tests of a few hundred
 * milliseconds, so that many deployments are in flight when a fault hits. Staging and Production
 * take unsigned modules (signed modules have their own test).
 */
export const CHAOS_SETTINGS: Readonly<Record<string, string>> = {
  HOTSWAP_STAGE_DURATIONS_MS: '250',
  HOTSWAP_CANARY_WAVE_WAIT_MS: '300',
  HOTSWAP_BLUE_GREEN_SMOKE_TEST_MS: '300',
  HOTSWAP_BLUE_GREEN_SWITCH_BACK_WINDOW_MS: '0',
  // Not faster: a canary's baseline asks for 5 minutes of every node's readings in one reply,
  // which at 500 ms outgrew NATS's 1 MB payload and the node-agent died of it (see the README).
  HOTSWAP_TELEMETRY_INTERVAL_MS: '2000',
  HOTSWAP_STAGING_STRICT_SIGNATURES: 'false',
  HOTSWAP_PRODUCTION_STRICT_SIGNATURES: 'false',
};

/** The lease time of the services' leased work (libs/coordination's default, the services' own). */
export const LEASE_TTL_MS = 5_000;

export interface InstanceRef {
  readonly service: ServiceName;
  readonly index: number;
}

export const describeInstance = ({ service, index }: InstanceRef) => `${service}#${index}`;

/**
 * nats-server (file storage) and redis-server (append-only file) in the run's folder, and two
 * (or `instancesPerService`) instances of every service as processes. Remembers every process it ever started, so each
 * one's output can be written out at the end, and restarts an instance that exits by itself
 * (a supervisor's job), counting it: a service must not die of a fault it was not dealt.
 */
export class ChaosCluster {
  /** Clusters not stopped yet, for a Ctrl-C or a failed test to stop (stopAll). */
  private static readonly running = new Set<ChaosCluster>();
  /** Exits the harness did not cause, with the end of the process's output. */
  readonly unexpectedExits: { instance: string; exit: string; atMs: number }[] = [];
  private readonly started: { name: string; process: ServiceProcess }[] = [];
  /** Instances the harness is killing or restarting now: their exit is expected. */
  private readonly handling = new Set<string>();
  private supervising = true;
  private readonly startedAt = Date.now();

  private constructor(
    /** Instances of every service (2: each command reaches one of them, each lease is held by one). */
    readonly instancesPerService: number,
    readonly dir: string,
    readonly servers: PrivateServers,
    readonly system: HotSwapSystem,
    readonly gateways: readonly string[],
  ) {
    for (const instance of this.allInstances()) this.watch(instance);
    ChaosCluster.running.add(this);
  }

  /** Stops every cluster still running: the harness's Ctrl-C handler and jest's afterAll. */
  static async stopAll(): Promise<void> {
    await Promise.all([...ChaosCluster.running].map((cluster) => cluster.stop()));
  }

  static async start(dir: string, instancesPerService: number): Promise<ChaosCluster> {
    const servers = await privateServers({ dir: path.join(dir, 'servers'), persistRedis: true });
    try {
      const extra = Object.fromEntries(SERVICES.map((s) => [s.name, instancesPerService - 1]));
      const system = await HotSwapSystem.start(
        { ...CHAOS_SETTINGS },
        { natsUrl: servers.nats.url, redisUrl: servers.redis.url },
        // Ten processes starting at once on a shared 2-core machine can take a while.
        { extraInstances: extra, readyTimeoutMs: 90_000 },
      );
      const gateways = await Promise.all(
        system.instances.get('gateway')!.map((gateway) => gateway.url()),
      );
      return new ChaosCluster(instancesPerService, dir, servers, system, gateways);
    } catch (error) {
      await servers.stop();
      throw error;
    }
  }

  allInstances(): InstanceRef[] {
    return SERVICES.flatMap(({ name }) =>
      Array.from({ length: this.instancesPerService }, (_, index) => ({ service: name, index })),
    );
  }

  process(instance: InstanceRef): ServiceProcess {
    return this.system.instance(instance.service, instance.index);
  }

  /** SIGKILL, as a crash. */
  async kill(instance: InstanceRef): Promise<void> {
    this.handling.add(describeInstance(instance));
    await this.process(instance).kill();
  }

  /**
   * A new process in the instance's place (same variables, same port); does not wait for it to
   * be ready. Once the cluster is stopped, nothing.
   */
  async restart(instance: InstanceRef): Promise<ServiceProcess> {
    // A fault still in progress when the cluster was stopped (a failed test) starts nothing.
    if (!this.supervising) return this.process(instance);
    const name = describeInstance(instance);
    this.handling.add(name);
    this.started.push({ name, process: this.process(instance) });
    const fresh = await this.system.restart(instance.service, instance.index);
    this.handling.delete(name);
    this.watch(instance);
    return fresh;
  }

  private watch(instance: InstanceRef): void {
    const name = describeInstance(instance);
    const watched = this.process(instance);
    void watched.exited.then(async (exit) => {
      if (!this.supervising || this.handling.has(name) || this.process(instance) !== watched) {
        return;
      }
      const code = exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
      const how = `${code}: ${lastWords(watched)}`;
      this.unexpectedExits.push({ instance: name, exit: how, atMs: Date.now() - this.startedAt });
      console.log(`chaos: ${name} exited by itself (${how}); restarting it in 1 s`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (this.supervising && this.process(instance) === watched) await this.restart(instance);
    });
  }

  /** Writes every process's output (those replaced by a restart too) to `<dir>/logs/`. */
  writeLogs(): string {
    const logs = path.join(this.dir, 'logs');
    mkdirSync(logs, { recursive: true });
    const current = this.allInstances().map((i) => ({
      name: describeInstance(i),
      process: this.process(i),
    }));
    const seen = new Map<string, number>();
    for (const { name, process } of [...this.started, ...current]) {
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      const file = `${name.replace('#', '-')}.${n}.log`;
      writeFileSync(path.join(logs, file), `pid ${String(process.pid)}\n${process.output()}`);
    }
    return logs;
  }

  /** Stops every service process (SIGCONT first, in case one is stopped), then the servers. */
  async stop(): Promise<void> {
    ChaosCluster.running.delete(this);
    this.supervising = false;
    for (const instance of this.allInstances()) this.process(instance).signal('SIGCONT');
    await this.system.stop(5_000).catch(() => undefined);
    await Promise.all(this.allInstances().map((i) => this.process(i).kill()));
    await this.servers.stop();
  }
}

/** What a process said last before it exited: its last error or fatal log line, else its stderr's end. */
function lastWords(process: ServiceProcess): string {
  const lines = process.stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'));
  const errors = lines.filter((line) => /"level":"(error|fatal)"/.test(line));
  const last = errors.at(-1) ?? process.stderr.trim().split('\n').at(-1) ?? lines.at(-1) ?? '';
  return last.length > 600 ? `${last.slice(0, 600)}…` : last;
}
