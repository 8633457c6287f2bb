import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { FencedScript, LeaseLost, type CompanionWork, type Fence } from '@hotswap/coordination';

// Fenced (FencedScript): a holder that lost the lease neither records nor deletes a task, so it
// cannot drop one the next holder has taken up.
const RECORD = new FencedScript(`return redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])`);
const DONE = new FencedScript(`return redis.call('HDEL', KEYS[1], ARGV[1])`);

/** One deployment event to react to, as kept in Redis until the reaction is done. */
export interface WorkflowTask {
  readonly eventId: string;
  readonly executionId: string;
  readonly revision: string;
  readonly type: string;
  readonly data: unknown;
}

export interface WorkflowTasksOptions {
  readonly redis: Redis;
  readonly logger: Logger;
  readonly run: (task: WorkflowTask) => Promise<void>;
  /** Redis hash of the tasks not done yet (default `hotswap:orchestrator:workflow-tasks`). */
  readonly key?: string;
  /** Tasks running or waiting at once; beyond it dispatch() waits (back-pressure). */
  readonly maxInFlight?: number;
  /** How long stop() waits for running tasks; what is left is done by the next lease holder. */
  readonly stopGraceMs?: number;
}

/**
 * Runs the workflow's reactions one deployment at a time, many deployments at once: a slow
 * stage of one deployment (a service that does not answer, retried with back-off) must not hold
 * up the others, as it would inside the one subscription handler that sees every deployment.
 *
 * The subscription's checkpoint moves on once a task is written to a Redis hash; the task is
 * deleted when its reaction is done. A holder that dies leaves its tasks there, and the next one
 * runs them when it takes the lease (at-least-once; every reaction is safe to repeat and checks
 * the deployment's current state). A task that fails (the store is down) is tried again with
 * back-off.
 */
export class WorkflowTasks implements CompanionWork {
  private readonly key: string;
  private readonly chains = new Map<string, Promise<void>>();
  private inFlight = 0;
  private freed: (() => void)[] = [];
  private stopped = true;
  private fence: Fence | undefined;

  constructor(private readonly options: WorkflowTasksOptions) {
    this.key = options.key ?? 'hotswap:orchestrator:workflow-tasks';
  }

  /** Records the task (when `durable`) and queues it behind its deployment's earlier tasks. */
  async dispatch(task: WorkflowTask, { durable }: { durable: boolean }): Promise<void> {
    while (this.inFlight >= (this.options.maxInFlight ?? 1000)) {
      await new Promise<void>((resolve) => this.freed.push(resolve));
    }
    if (durable) {
      await RECORD.run(
        this.options.redis,
        this.held(),
        [this.key],
        [task.eventId, JSON.stringify(task)],
      );
    }
    this.enqueue(task, durable);
  }

  /** Takes up the tasks a previous holder left unfinished. */
  async start(fence: Fence): Promise<void> {
    this.fence = fence;
    this.stopped = false;
    const left = Object.values(await this.options.redis.hgetall(this.key)).map(
      (json) => JSON.parse(json) as WorkflowTask,
    );
    left.sort((a, b) => (BigInt(a.revision) < BigInt(b.revision) ? -1 : 1));
    if (left.length > 0)
      this.options.logger.info({ tasks: left.length }, 'resuming workflow tasks');
    for (const task of left) this.enqueue(task, true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.chains.values()]),
      new Promise((resolve) => (timer = setTimeout(resolve, this.options.stopGraceMs ?? 2000))),
    ]);
    clearTimeout(timer);
  }

  private held(): Fence {
    if (this.fence === undefined)
      throw new LeaseLost('Workflow tasks run on the lease holder only');
    return this.fence;
  }

  private enqueue(task: WorkflowTask, durable: boolean): void {
    this.inFlight++;
    const previous = this.chains.get(task.executionId) ?? Promise.resolve();
    const next = previous.then(() => this.execute(task, durable));
    this.chains.set(task.executionId, next);
    void next.finally(() => {
      if (this.chains.get(task.executionId) === next) this.chains.delete(task.executionId);
      this.inFlight--;
      this.freed.shift()?.();
    });
  }

  private async execute(task: WorkflowTask, durable: boolean): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        await this.options.run(task);
        if (durable) await DONE.run(this.options.redis, this.held(), [this.key], [task.eventId]);
        return;
      } catch (error) {
        // The lease went to another instance, which takes the task up from Redis.
        if (error instanceof LeaseLost || this.fence?.held() === false) return;
        const delayMs = Math.min(100 * 2 ** (attempt - 1), 5000);
        this.options.logger.error(
          { err: error, executionId: task.executionId, event: task.type, attempt },
          `reacting to ${task.type} failed; trying again in ${delayMs} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }
}
