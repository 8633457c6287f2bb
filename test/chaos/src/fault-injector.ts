import { Redis } from 'ioredis';
import { describeInstance, type ChaosCluster } from './chaos-cluster.js';
import type { PlannedFault } from './fault-schedule.js';

export interface FaultRecord {
  readonly atMs: number;
  readonly what: string;
}

/**
 * Carries out the fault schedule against the cluster while the workload runs. An instance that is
 * already down or stopped by an earlier fault is left alone (a kill of it is skipped and logged),
 * so at most the scheduled faults overlap. `stop()` ends the schedule, waits for the faults in
 * progress to finish (restarts done, stopped processes continued) and returns what was done.
 */
export class FaultInjector {
  readonly log: FaultRecord[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inProgress = new Set<Promise<void>>();
  private readonly busy = new Set<string>();
  private stopped = false;
  private startedAt = 0;

  constructor(
    private readonly cluster: ChaosCluster,
    private readonly schedule: readonly PlannedFault[],
  ) {}

  start(): void {
    this.startedAt = Date.now();
    for (const fault of this.schedule) {
      this.timers.push(
        setTimeout(() => {
          if (this.stopped) return;
          const running = this.inject(fault)
            .catch((error: unknown) => this.record(`${fault.kind} failed: ${String(error)}`))
            .finally(() => this.inProgress.delete(running));
          this.inProgress.add(running);
        }, fault.atMs),
      );
    }
  }

  async stop(): Promise<FaultRecord[]> {
    this.stopped = true;
    this.timers.forEach(clearTimeout);
    await Promise.allSettled([...this.inProgress]);
    return this.log;
  }

  private record(what: string): void {
    const atMs = Date.now() - this.startedAt;
    this.log.push({ atMs, what });
    console.log(`chaos: fault +${(atMs / 1_000).toFixed(1)}s ${what}`);
  }

  private async inject(fault: PlannedFault): Promise<void> {
    switch (fault.kind) {
      case 'kill':
      case 'stop': {
        const name = describeInstance(fault.target);
        if (this.busy.has(name)) return this.record(`${fault.kind} ${name} skipped: already down`);
        this.busy.add(name);
        try {
          const process = this.cluster.process(fault.target);
          if (fault.kind === 'kill') {
            this.record(`SIGKILL ${name} (pid ${String(process.pid)}), back in ${fault.downMs} ms`);
            await this.cluster.kill(fault.target);
            await pause(fault.downMs);
            const fresh = await this.cluster.restart(fault.target);
            this.record(`restarted ${name} (pid ${String(fresh.pid)})`);
          } else {
            this.record(`SIGSTOP ${name} (pid ${String(process.pid)}) for ${fault.stoppedMs} ms`);
            process.signal('SIGSTOP');
            await pause(fault.stoppedMs);
            process.signal('SIGCONT');
            this.record(`SIGCONT ${name}`);
          }
        } finally {
          this.busy.delete(name);
        }
        return;
      }
      case 'restart-nats':
        this.record(`SIGKILL nats-server, back in ${fault.downMs} ms (same port and data)`);
        await this.cluster.servers.restartNats(fault.downMs);
        return this.record('nats-server restarted');
      case 'restart-redis':
        this.record(`SIGKILL redis-server, back in ${fault.downMs} ms (same port and data)`);
        await this.cluster.servers.restartRedis(fault.downMs);
        return this.record('redis-server restarted');
      case 'flush-redis': {
        const redis = new Redis(this.cluster.servers.redis.url, { lazyConnect: true });
        try {
          await redis.connect();
          await redis.flushall();
          this.record('FLUSHALL on redis-server');
        } finally {
          redis.disconnect();
        }
        return;
      }
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
