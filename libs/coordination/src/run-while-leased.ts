import type { Redis } from 'ioredis';
import { Lease } from './lease.js';

export interface LeasedWork {
  /** Stops the work; resolves when it has stopped. */
  stop(): Promise<void>;
}

export interface LeasedRunner {
  /** Whether this instance holds the lease and runs the work now. */
  readonly active: boolean;
  /** Stops the work if running, releases the lease, stops competing. */
  stop(): Promise<void>;
}

export interface RunWhileLeasedOptions {
  readonly redis: Redis;
  /** Redis key of the lease, e.g. `hotswap:lease:projection:deployments`. */
  readonly key: string;
  /** This instance's id. */
  readonly owner: string;
  readonly ttlMs?: number;
  /** Called with errors of start/renew; the runner keeps competing. */
  readonly onError?: (error: unknown) => void;
  readonly onChange?: (active: boolean) => void;
}

/**
 * Runs `start()`'s work on one instance at a time: every instance competes for the lease; the one
 * that holds it runs the work and renews the lease every ttl/3; the others try again every ttl/3.
 * When the holder dies, its lease expires and another instance takes over within one ttl.
 */
export function runWhileLeased(
  options: RunWhileLeasedOptions,
  start: () => Promise<LeasedWork>,
): LeasedRunner {
  const ttlMs = options.ttlMs ?? 5_000;
  const lease = new Lease(options.redis, options.key, options.owner, ttlMs);
  let work: LeasedWork | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();

  const setActive = async (active: boolean) => {
    if (active && !work) {
      work = await start();
      options.onChange?.(true);
    } else if (!active && work) {
      const running = work;
      work = undefined;
      await running.stop();
      options.onChange?.(false);
    }
  };

  const step = async () => {
    try {
      const holds = work ? await lease.renew() : await lease.acquire();
      if (!stopped) await setActive(holds);
    } catch (error) {
      options.onError?.(error);
      // Without Redis we cannot know we still hold the lease: stop the work to be safe.
      await setActive(false).catch(options.onError);
    }
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        tick = step().finally(schedule);
      },
      Math.max(50, Math.floor(ttlMs / 3)),
    );
  };
  tick = step().finally(schedule);

  return {
    get active() {
      return work !== undefined;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await tick;
      await setActive(false);
      await lease.release().catch(() => undefined);
    },
  };
}
