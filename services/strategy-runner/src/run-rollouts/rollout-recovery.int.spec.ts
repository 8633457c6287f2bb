import type { NatsConnection, Subscription } from 'nats';
import { Redis } from 'ioredis';
import {
  nodeCommandSubject,
  rolloutStream,
  SUBJECTS,
  type InstallModule,
  type RollBackModule,
} from '@hotswap/contracts';
import {
  connectEventStore,
  newEvent,
  RedisCheckpointStore,
  type RecordedEvent,
} from '@hotswap/event-store';
import { DurableTimers } from '@hotswap/coordination';
import { eventually, testInfrastructure, uniqueName, type LocalServer } from '@hotswap/testing';
import { Teardown } from '@hotswap/testing';
import { type InProcessService } from '@hotswap/service-host';
import { privateNats, testEnvironment } from '@hotswap/testing';
import {
  clientOf,
  dataOf,
  finishedRollout,
  respond,
  runnerSettings,
  sendStartRollout,
  startRolloutCommand,
  startRunner,
  typesOf,
} from '../../test/strategy-runner-fixture.js';

/**
 * The runner against raw responders standing in for the node-agent: every node answers that it
 * ran 1.0.0 before, unless the test takes its responder away (then it gets no answer at all).
 */
describe('running rollouts when a node does not answer or the runner restarts', () => {
  const nodes = ['development-01', 'development-02', 'development-03'];
  let nats: LocalServer;
  let client: NatsConnection;
  let redis: Redis;
  const installResponders = new Map<string, Subscription>();
  const installs: InstallModule[] = [];
  const rollbacks: RollBackModule[] = [];
  let runner: InProcessService | undefined;

  const answerInstalls = (nodeId: string) =>
    installResponders.set(
      nodeId,
      respond(client, nodeCommandSubject('Development', nodeId, 'install'), (data) => {
        const command = data as InstallModule;
        installs.push(command);
        return { ok: true, nodeId, version: command.version, previousVersion: '1.0.0' };
      }),
    );

  /** The rollouts' timers as the runner keeps them (for noting a rollout, and reading its keys). */
  const timersOf = (settings: ReturnType<typeof runnerSettings>) =>
    new DurableTimers<{ rolloutId: string }>({
      redis,
      keyPrefix: settings.rolloutTimersKeyPrefix,
    });

  const teardown = new Teardown();
  beforeAll(async () => {
    nats = teardown.add(await privateNats(), (server) => server.stop());
    client = teardown.add(await clientOf(nats.url), (nc) => nc.close());
    redis = teardown.add(new Redis(testInfrastructure().redisUrl), (r) => r.quit());
    respond(client, SUBJECTS.describeCluster, () => ({
      ok: true,
      environment: 'Development',
      nodes: nodes.map((nodeId) => ({ nodeId, environment: 'Development', modules: {} })),
    }));
    for (const nodeId of nodes) {
      answerInstalls(nodeId);
      respond(client, nodeCommandSubject('Development', nodeId, 'rollback'), (data) => {
        const command = data as RollBackModule;
        rollbacks.push(command);
        return { ok: true, nodeId, version: 'version' in command ? command.version : null };
      });
    }
    await client.flush();
  });
  afterEach(async () => {
    await runner?.close();
    runner = undefined;
  });
  // Closing the client ends the responders' subscriptions.
  afterAll(() => teardown.run());

  it('counts a node that never answers as failed, with the reason, and rolls the others back', async () => {
    installResponders.get('development-03')!.unsubscribe();
    await client.flush();
    runner = await startRunner(testEnvironment(nats.url));
    const command = startRolloutCommand({ version: '2.0.0' });
    let events: RecordedEvent[];
    try {
      await sendStartRollout(client, command);
      events = await finishedRollout(runner.connections.eventStore, command.rolloutId);
    } finally {
      answerInstalls('development-03');
      await client.flush();
    }

    expect(
      dataOf(
        events.find((e) => e.type === 'NodeUpdateFailed'),
        'NodeUpdateFailed',
      ),
    ).toMatchObject({
      nodeId: 'development-03',
      reason: expect.stringMatching(/^no answer \(NO_RESPONDER\)/) as string,
    });
    expect(typesOf(events).slice(-3)).toEqual([
      'NodeRolledBack',
      'NodeRolledBack',
      'RolloutFailed',
    ]);
    const sent = rollbacks.filter((r) => r.correlationId === command.executionId);
    // development-03 was never reached (no responder): known to have installed nothing.
    expect(sent.map((r) => [r.nodeId, 'version' in r && r.version, r.commandId]).sort()).toEqual([
      ['development-01', '1.0.0', `${command.rolloutId}:development-01:rollback`],
      ['development-02', '1.0.0', `${command.rolloutId}:development-02:rollback`],
    ]);
    expect(dataOf(events.at(-1), 'RolloutFailed').reason).toMatch(/development-03 \(no answer/);
  });

  /**
   * What a runner that died mid-rollout leaves behind: the rollout's first events, the checkpoint
   * already past them, and the rollout noted as in progress by `note` (its timer, or the set of
   * runners before ADR 0015).
   */
  const halfDoneRollout = async (
    settings: ReturnType<typeof runnerSettings>,
    note: (rolloutId: string) => Promise<unknown>,
  ) => {
    const env = testEnvironment(nats.url);
    const store = await connectEventStore({
      kind: 'jetstream',
      nats: client,
      streamName: env['HOTSWAP_JETSTREAM_STREAM']!,
      subjectPrefix: env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']!,
    });
    const rolloutId = uniqueName('r');
    const executionId = `exec-${rolloutId}`;
    const at = new Date().toISOString();
    const { position } = await store.append(rolloutStream(rolloutId), [
      newEvent('RolloutStarted', {
        rolloutId,
        executionId,
        moduleName: 'payments',
        version: '2.0.0',
        targetEnvironment: 'Development',
        strategy: 'Direct',
        nodes,
        startedAt: at,
      }),
      newEvent('NodeUpdated', {
        rolloutId,
        nodeId: 'development-01',
        version: '2.0.0',
        previousVersion: '1.0.0',
        at,
      }),
    ]);
    const checkpoints = new RedisCheckpointStore(redis);
    await checkpoints.store(settings.subscriberId, position);
    await note(rolloutId);
    return { env, store, rolloutId, executionId, checkpoints };
  };

  const resumesHalfDone = async (
    settings: ReturnType<typeof runnerSettings>,
    note: (rolloutId: string) => Promise<unknown>,
  ) => {
    const { env, store, rolloutId, executionId, checkpoints } = await halfDoneRollout(
      settings,
      note,
    );
    runner = await startRunner(env, settings);
    const events = await finishedRollout(store, rolloutId);
    expect(typesOf(events)).toEqual([
      'RolloutStarted',
      'NodeUpdated',
      'NodeUpdated',
      'NodeUpdated',
      'RolloutSucceeded',
    ]);
    const asked = installs.filter((i) => i.correlationId === executionId).map((i) => i.nodeId);
    expect(asked.sort()).toEqual(['development-02', 'development-03']);
    // Nothing left to do: no timer, no set.
    await eventually(
      async () => (await redis.zscore(timersOf(settings).keys.due, rolloutId)) === null,
      { what: 'the finished rollout’s timer to be gone' },
    );
    expect(await redis.sismember(settings.legacyActiveRolloutsKey, rolloutId)).toBe(0);
    // The runner's subscription goes on to the events it appended; wait until it has handled
    // them, so the runner is stopped while it is following the log, not while opening it.
    const last = events.at(-1)!.position;
    await eventually(async () => ((await checkpoints.load(settings.subscriberId)) ?? -1n) >= last, {
      what: 'the runner’s subscription to reach the rollout’s last event',
    });
    await store.close();
  };

  it('resumes a rollout a crashed runner left half done, asking only nodes that have not answered', async () => {
    const settings = runnerSettings();
    await resumesHalfDone(settings, (rolloutId) =>
      timersOf(settings).schedule(rolloutId, Date.now(), { rolloutId }),
    );
  });

  it('resumes a rollout that a runner before ADR 0015 left in its set of rollouts in progress', async () => {
    const settings = runnerSettings();
    await resumesHalfDone(settings, (rolloutId) =>
      redis.sadd(settings.legacyActiveRolloutsKey, rolloutId),
    );
    expect(await redis.exists(settings.legacyActiveRolloutsKey)).toBe(0);
  });

  it('drives no rollout before it is noted as in progress, and notes it once Redis takes the write', async () => {
    const settings = runnerSettings();
    runner = await startRunner(testEnvironment(nats.url), settings);
    // A first rollout, so the runner holds its lease and follows the rollouts when Redis fails.
    const first = startRolloutCommand({ version: '2.0.0' });
    await sendStartRollout(client, first);
    await finishedRollout(runner.connections.eventStore, first.rolloutId);

    // Every schedule of a rollout's timer fails (WRONGTYPE) until the key is mended.
    const { keys } = timersOf(settings);
    await redis.set(keys.due, 'not a sorted set');
    // The schedule's ZADD fails; the firing's claims fail too, but in ZRANGEBYSCORE: only
    // ZADDs refused count the tries to note the rollout.
    const wrongTypeErrors = async () =>
      Number(
        /cmdstat_zadd:.*failed_calls=(\d+)/.exec(await redis.info('commandstats'))?.[1] ?? 0,
      );
    const errorsBefore = await wrongTypeErrors();
    const command = startRolloutCommand({ version: '2.0.0' });
    await sendStartRollout(client, command);
    const installed = () => installs.filter((i) => i.correlationId === command.executionId);

    // Tried, failed, and tried again from the checkpoint (the subscription resubscribes).
    await eventually(async () => (await wrongTypeErrors()) >= errorsBefore + 2, {
      what: 'the runner to try noting the rollout twice',
    });
    expect(installed()).toEqual([]);
    await redis.del(keys.due);

    const events = await finishedRollout(runner.connections.eventStore, command.rolloutId);
    expect(typesOf(events).at(-1)).toBe('RolloutSucceeded');
    expect(installed()).toHaveLength(nodes.length);
    await eventually(async () => (await redis.zscore(keys.due, command.rolloutId)) === null, {
      what: 'the finished rollout’s timer to be gone',
    });
  });
});
