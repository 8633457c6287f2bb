/**
 * Issue 12, breaks 4, 5 and 6, with the services as processes and two strategy-runners:
 * an operator's control reaches the rollout whichever instance answers it; a rollout the
 * orchestrator gave up on never runs; a rollback never overwrites a newer deployment.
 */
import { connect, type NatsConnection } from 'nats';
import {
  rolloutStream,
  SUBJECTS,
  type ControlRolloutReply,
  type RolloutControl,
} from '@hotswap/contracts';
import { JetStreamEventStore } from '@hotswap/event-store';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';
import { eventually, HotSwapSystem, ServiceProcess, uniqueName } from '@hotswap/testing';
import { Redis } from 'ioredis';
import { ApiClient, type ClusterView } from './api-client.js';

const requesterEmail = 'alice@example.com';
const RUNNER_LEASE = 'hotswap:lease:strategy-runner:rollouts';

describe('two strategy-runners, fenced rollouts and rollbacks, end to end', () => {
  let system: HotSwapSystem;
  let api: ApiClient;
  let nc: NatsConnection;
  let redis: Redis;
  let store: JetStreamEventStore;
  const started: ServiceProcess[] = [];

  beforeAll(async () => {
    system = await HotSwapSystem.start(
      {
        HOTSWAP_STAGE_DURATIONS_MS: '0',
        // The orchestrator gives up on a command after about 2 s of tries (break 4's test stops
        // the runners).
        HOTSWAP_ORCHESTRATOR_COMMAND_TIMEOUT_MS: '1000',
        HOTSWAP_COMMAND_RETRY_BUDGET_MS: '2000',
        HOTSWAP_CLUSTER_SIZES: 'Development=3',
        HOTSWAP_TELEMETRY_INTERVAL_MS: '500',
      },
      undefined,
      { extraInstances: { 'strategy-runner': 1 } },
    );
    api = new ApiClient(system.gateway);
    nc = await connect({ servers: system.env['NATS_URL'] });
    redis = new Redis(system.env['REDIS_URL']!);
    store = await JetStreamEventStore.connect(nc, {
      streamName: system.env['HOTSWAP_JETSTREAM_STREAM']!,
      subjectPrefix: system.env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']!,
    });
  }, 60_000);
  afterAll(async () => {
    for (const process of started) process.signal('SIGCONT');
    await Promise.all(started.map((p) => p.kill()));
    await store?.close();
    await nc?.close();
    await redis?.quit();
    await system?.stop();
  });

  const runners = () => [
    ...system.instances.get('strategy-runner')!.filter((p) => p.pid !== undefined),
    ...started,
  ];
  const deploy = async (body: Record<string, unknown>) => {
    const posted = await api.requestDeployment({
      requesterEmail,
      targetEnvironment: 'Development',
      ...body,
    });
    expect(posted.status).toBe(202);
    return posted.body['executionId'] as string;
  };
  const versionsIn = async (moduleName: string) => {
    const { body } = await api.get<ClusterView>('/api/v1/clusters/Development');
    return [...new Set(body.nodes.map((n) => n.modules[moduleName] ?? null))];
  };
  const rolloutTypes = async (rolloutId: string) =>
    (await store.readStream(rolloutStream(rolloutId))).map((e) => e.type);
  /** The strategy-runner process that holds the runners' lease (drives every rollout). */
  const driver = async () => {
    const holder = await redis.get(RUNNER_LEASE);
    const found = runners().find((p) => holder?.endsWith(`-${p.pid}`));
    if (!found) throw new Error(`no strategy-runner holds the lease (${holder})`);
    return found;
  };
  /**
   * An operator's control sent straight to the runners' queue group, the same command again until
   * one answers: with `stopped` under SIGSTOP, the answer comes from another instance.
   */
  const control = async (rolloutId: string, action: RolloutControl, stopped?: ServiceProcess) => {
    const command = { commandId: uniqueName('cmd'), actor: 'deployer', rolloutId, action };
    stopped?.signal('SIGSTOP');
    try {
      return await eventually(
        () =>
          sendCommand<ControlRolloutReply>(nc, SUBJECTS.controlRollout, command, {
            timeoutMs: 250,
          }).catch((error: unknown) => {
            if (error instanceof CommandNotDelivered) return undefined;
            throw error;
          }),
        { what: `an answer to ${action}`, timeoutMs: 3_000, intervalMs: 1 },
      );
    } finally {
      stopped?.signal('SIGCONT');
    }
  };

  it('resumes a rollout paused on the driving instance when another instance answers the resume', async () => {
    const moduleName = 'two-runner-api';
    const executionId = await deploy({
      moduleName,
      version: '2.0.0',
      strategy: 'Canary',
      overrides: { waveWaitMs: 1_500 },
    });
    await eventually(async () => (await versionsIn(moduleName)).includes('2.0.0'), {
      what: 'the first wave',
    });
    const driving = await driver();
    // The other instance goes away: the pause is answered by the driver, which now remembers
    // the rollout paused. A fresh instance takes its place for the resume.
    const other = runners().find((p) => p !== driving)!;
    await other.kill();
    const fresh = ServiceProcess.start('strategy-runner', system.env);
    started.push(fresh);
    expect(await control(executionId, 'pause')).toMatchObject({ ok: true, status: 'Paused' });
    await fresh.ready();
    // The resume is answered by the instance that does not drive (the driver is stopped).
    expect(await control(executionId, 'resume', driving)).toMatchObject({
      ok: true,
      status: 'Running',
    });
    expect(await driver()).toBe(driving);
    const done = await api.waitForStatus(
      executionId,
      ['Completed', 'Failed', 'RolledBack'],
      30_000,
    );
    expect(done.status).toBe('Completed');
    expect(await driver()).toBe(driving); // it was the driver that carried on
    expect(await versionsIn(moduleName)).toEqual(['2.0.0']);
  });

  it('never runs a rollout the orchestrator gave up on, and the next deployment goes ahead', async () => {
    const moduleName = 'fenced-api';
    for (const runner of runners()) runner.signal('SIGSTOP');
    let first: string;
    try {
      first = await deploy({ moduleName, version: '1.0.0' });
      const failed = await api.waitForStatus(first, ['Failed', 'Completed'], 20_000);
      expect(failed).toMatchObject({ status: 'Failed' });
    } finally {
      // The runners wake up to the StartRollout commands they were sent meanwhile.
      for (const runner of runners()) runner.signal('SIGCONT');
    }
    const second = await deploy({ moduleName, version: '1.1.0' });
    expect(await api.waitForStatus(second, ['Completed', 'Failed'], 20_000)).toMatchObject({
      status: 'Completed',
    });
    expect(await rolloutTypes(first)).toEqual(['RolloutFenced']);
    expect(await versionsIn(moduleName)).toEqual(['1.1.0']);
  });

  it('refuses to roll back a deployment that a newer one replaced, and rolls back the newer one', async () => {
    const moduleName = 'replaced-api';
    const older = await deploy({ moduleName, version: '1.0.0' });
    await api.waitForStatus(older, ['Completed'], 20_000);
    const newer = await deploy({ moduleName, version: '1.1.0' });
    await api.waitForStatus(newer, ['Completed'], 20_000);

    expect(await api.post(`/api/v1/deployments/${older}/rollback`)).toMatchObject({ status: 200 });
    const refused = await eventually(
      async () => {
        const { body } = await api.get<{ status: string; message: string }>(
          `/api/v1/deployments/${older}`,
        );
        return body.status === 'Completed' && /Rollback failed/.test(body.message) && body;
      },
      { what: 'the rollback of the older deployment to be refused', timeoutMs: 20_000 },
    );
    expect(refused.message).toMatch(
      /would overwrite what changed since: development-0\d runs 1\.1\.0/,
    );
    expect(await versionsIn(moduleName)).toEqual(['1.1.0']);

    expect(await api.post(`/api/v1/deployments/${newer}/rollback`)).toMatchObject({ status: 200 });
    await api.waitForStatus(newer, ['RolledBack'], 20_000);
    expect(await versionsIn(moduleName)).toEqual(['1.0.0']);
  });
});
