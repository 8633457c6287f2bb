import type { Redis } from 'ioredis';
import type { Fence } from './fence.js';
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
 *
 * The holder stops the work when a renewal is refused, and also when none has succeeded by the
 * lease's local expiry (Lease.held: sent-time of the last success + ttl − margin), however long
 * Redis takes to answer: a renewal that hangs cannot keep it working after the lease has passed to
 * another instance. A renewal that fails (Redis away) is tried again until then. The work gets the
 * hold's Fence for its effects in Redis.
 */
export function runWhileLeased(
  options: RunWhileLeasedOptions,
  start: (fence: Fence) => Promise<LeasedWork>,
): LeasedRunner {
  const ttlMs = options.ttlMs ?? 5_000;
  const lease = new Lease(options.redis, options.key, options.owner, ttlMs);
  const period = Math.max(50, Math.floor(ttlMs / 3));
  let work: LeasedWork | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let expiry: NodeJS.Timeout | undefined;
  let tick: Promise<void> = Promise.resolve();
  // Starting and stopping the work, one after the other (the expiry may fire mid-renewal).
  let transition: Promise<void> = Promise.resolve();

  const setActive = (active: boolean): Promise<void> => {
    // After the one before, however it ended (a start that failed is tried again next step).
    transition = transition
      .catch(() => undefined)
      .then(async () => {
        if (active && !work && lease.held()) {
          work = await start(lease.fence!);
          options.onChange?.(true);
        } else if (!active && work) {
          const running = work;
          work = undefined;
          await running.stop();
          options.onChange?.(false);
        }
      });
    return transition;
  };

  /** Stops the work at the lease's local expiry unless a renewal moves it first. */
  const watchExpiry = () => {
    if (expiry) clearTimeout(expiry);
    if (!lease.held()) return;
    expiry = setTimeout(() => {
      expiry = undefined;
      if (lease.held()) return watchExpiry();
      options.onError?.(
        new Error(`lease ${options.key}: no renewal succeeded within its ttl; stopping the work`),
      );
      void setActive(false).catch(options.onError);
    }, lease.remainingMs() + 1);
  };

  const step = async () => {
    try {
      const holds = work ? await lease.renew() : await lease.acquire();
      watchExpiry();
      if (!stopped) await setActive(holds && lease.held());
    } catch (error) {
      options.onError?.(error);
      // Redis did not answer: the lease may still be ours until its local expiry (watchExpiry);
      // without the work running there is nothing to keep.
      if (!lease.held()) await setActive(false).catch(options.onError);
    }
  };

  const schedule = () => {
    if (stopped) return;
    // Sooner after a failed renewal, while the lease is still ours.
    const delay = lease.held() ? Math.min(period, lease.remainingMs() / 2) : period;
    timer = setTimeout(
      () => {
        tick = step().finally(schedule);
      },
      Math.max(50, Math.floor(delay)),
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
      if (expiry) clearTimeout(expiry);
      await tick;
      await setActive(false);
      await lease.release().catch(() => undefined);
    },
  };
}
