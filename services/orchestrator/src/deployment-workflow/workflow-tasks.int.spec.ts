import { Redis } from 'ioredis';
import { pino } from 'pino';
import { Lease, LeaseLost, type Fence } from '@hotswap/coordination';
import { eventually, testInfrastructure, uniqueName } from '@hotswap/testing';
import { WorkflowTasks, type WorkflowTask } from './workflow-tasks.js';

const logger = pino({ level: 'silent' });
const task = (executionId: string, revision: number): WorkflowTask => ({
  eventId: `${executionId}#${revision}`,
  executionId,
  revision: String(revision),
  type: 'StageStarted',
  data: {},
});

describe('WorkflowTasks over a real Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(testInfrastructure().redisUrl);
  });
  afterAll(async () => {
    await redis.quit();
  });
  const leaseKey = uniqueName('lease');
  /** Takes the workflow's lease (from whoever held it) and returns the new hold's fence. */
  const holdLease = async (owner = uniqueName('owner')): Promise<Fence> => {
    await redis.del(leaseKey);
    const lease = new Lease(redis, leaseKey, owner, 60_000);
    expect(await lease.acquire()).toBe(true);
    return lease.fence!;
  };

  it("keeps one deployment's tasks in order while another's run beside them", async () => {
    const ran: string[] = [];
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const tasks = new WorkflowTasks({
      redis,
      logger,
      key: uniqueName('tasks'),
      run: async (t) => {
        if (t.eventId === 'a#0') await slow;
        ran.push(t.eventId);
      },
    });
    await tasks.start(await holdLease());
    for (const t of [task('a', 0), task('a', 1), task('b', 0), task('b', 1)]) {
      await tasks.dispatch(t, { durable: true });
    }
    await eventually(() => ran.length === 2, { what: "b's tasks to run while a waits" });
    expect(ran).toEqual(['b#0', 'b#1']);
    releaseSlow();
    await eventually(() => ran.length === 4, { what: "a's tasks" });
    expect(ran.slice(2)).toEqual(['a#0', 'a#1']);
    await tasks.stop();
  });

  it('keeps a task in Redis until it is done, and the next holder runs what was left', async () => {
    const key = uniqueName('tasks');
    const first = new WorkflowTasks({
      redis,
      logger,
      key,
      stopGraceMs: 10,
      run: () => new Promise<void>(() => undefined), // dies before finishing
    });
    await first.start(await holdLease());
    await first.dispatch(task('a', 0), { durable: true });
    await first.dispatch(task('b', 0), { durable: false });
    await first.stop();
    expect(Object.keys(await redis.hgetall(key))).toEqual(['a#0']);

    const ran: string[] = [];
    const second = new WorkflowTasks({
      redis,
      logger,
      key,
      run: async (t) => void ran.push(t.eventId),
    });
    await second.start(await holdLease());
    await eventually(() => ran.length === 1, { what: 'the left task to run' });
    expect(ran).toEqual(['a#0']);
    await eventually(async () => (await redis.hlen(key)) === 0, { what: 'the task to be deleted' });
    await second.stop();
  });

  it('tries a failed task again', async () => {
    let attempts = 0;
    const tasks = new WorkflowTasks({
      redis,
      logger,
      key: uniqueName('tasks'),
      run: async () => {
        if (++attempts < 3) throw new Error('the store is down');
      },
    });
    await tasks.start(await holdLease());
    await tasks.dispatch(task('a', 0), { durable: true });
    await eventually(() => attempts === 3, { what: 'the third attempt' });
    await tasks.stop();
  });

  it("refuses a stale holder's writes once another instance holds the lease", async () => {
    const key = uniqueName('tasks');
    const ran: string[] = [];
    const options = {
      redis,
      logger,
      key,
      run: async (t: WorkflowTask) => void ran.push(t.eventId),
    };
    const stale = new WorkflowTasks(options);
    await stale.start(await holdLease('stale'));
    const current = new WorkflowTasks(options);
    await current.start(await holdLease('current'));

    await expect(stale.dispatch(task('a', 0), { durable: true })).rejects.toThrow(LeaseLost);
    expect(await redis.hlen(key)).toBe(0);
    await current.dispatch(task('b', 0), { durable: true });
    await eventually(() => ran.includes('b#0'), { what: "the current holder's task" });
    expect(ran).toEqual(['b#0']);
    await Promise.all([stale.stop(), current.stop()]);
  });
});
