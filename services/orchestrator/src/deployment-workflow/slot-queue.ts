import type { Redis } from 'ioredis';
import { FencedScript, type Fence } from '@hotswap/coordination';
import type { Environment } from '@hotswap/contracts';

// Joins the queue unless already in it, in one step, so a redelivered request keeps its place.
// Returns the position (0 = holds the slot) and the id at the head. KEYS[2], when given, is the
// workflow's checkpoint: gone means Redis lost the queues with it, and a join into an empty
// queue would start a deployment beside one still running (the workflow derives them again).
const ACQUIRE = new FencedScript(`
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 0 then
  return redis.error_reply('SLOTS_LOST the slot queues were lost with the workflow checkpoint')
end
local ids = redis.call('LRANGE', KEYS[1], 0, -1)
for i, id in ipairs(ids) do
  if id == ARGV[1] then return {i - 1, ids[1]} end
end
redis.call('RPUSH', KEYS[1], ARGV[1])
return {#ids, ids[1] or ARGV[1]}
`);
// Leaves the queue (a no-op when not in it) and returns the id now at its head, if any.
const RELEASE = new FencedScript(`
redis.call('LREM', KEYS[1], 0, ARGV[1])
return redis.call('LINDEX', KEYS[1], 0)
`);

export interface SlotPosition {
  /** 0 when the deployment holds the slot; otherwise how many are ahead of it. */
  readonly position: number;
  /** The deployment that holds the slot. */
  readonly head: string;
}

/**
 * First come, first served per (environment, module): a Redis list of execution ids whose head
 * holds the slot (DESIGN.md §5: two deployments of one module never run in one environment at
 * once). The workflow joins the queue when a request is recorded and leaves it when the
 * deployment ends; both steps are safe to repeat after a redelivery. Both are fenced by the
 * workflow lease's token: a holder that lost the lease cannot reorder or empty a queue.
 */
export class SlotQueue {
  /**
   * @param guardKey The checkpoint of the subscription that joins the queues (in store order):
   * joins are refused while it is missing, that is after Redis lost its data and until the
   * workflow has started over from the beginning, joining every deployment again in order.
   */
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix = 'hotswap:orchestrator:slots',
    private readonly guardKey?: string,
  ) {}

  async acquire(
    environment: Environment,
    moduleName: string,
    executionId: string,
    fence: Fence,
  ): Promise<SlotPosition> {
    const keys = [this.key(environment, moduleName), ...(this.guardKey ? [this.guardKey] : [])];
    const [position, head] = (await ACQUIRE.run(this.redis, fence, keys, [executionId])) as [
      number,
      string,
    ];
    return { position, head };
  }

  /** Leaves the queue; returns the execution id now holding the slot, if any. */
  async release(
    environment: Environment,
    moduleName: string,
    executionId: string,
    fence: Fence,
  ): Promise<string | undefined> {
    const head = (await RELEASE.run(
      this.redis,
      fence,
      [this.key(environment, moduleName)],
      [executionId],
    )) as string | null;
    return head ?? undefined;
  }

  /** The queue in order, the slot holder first. */
  async queue(environment: Environment, moduleName: string): Promise<string[]> {
    return this.redis.lrange(this.key(environment, moduleName), 0, -1);
  }

  private key(environment: Environment, moduleName: string): string {
    return `${this.keyPrefix}:${environment}:${moduleName}`;
  }
}
