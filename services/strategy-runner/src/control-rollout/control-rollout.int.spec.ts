import { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import {
  nodeCommandSubject,
  SUBJECTS,
  type DescribeClusterReply,
  type InstallModule,
  type RolloutControl,
} from '@hotswap/contracts';
import { VariableProblems } from '@hotswap/config';
import { sendCommand } from '@hotswap/messaging';
import { readStrategyPolicy } from '@hotswap/rollout-domain';
import { startInProcess, type InProcessService } from '@hotswap/service-host';
import {
  eventually,
  privateNats,
  Teardown,
  testEnvironment,
  testInfrastructure,
  uniqueName,
  type LocalServer,
} from '@hotswap/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- runs a node-agent in-process beside the runner; to move into a cross-service test folder (issue 13, open)
import { nodeAgentModule } from '../../../node-agent/src/app.module.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- runs a node-agent in-process beside the runner; to move into a cross-service test folder (issue 13, open)
import { testSettings } from '../../../node-agent/test/node-agent-fixture.js';
import {
  clientOf,
  finishedRollout,
  runnerSettings,
  startRolloutCommand,
  startRunner,
  typesOf,
} from '../../test/strategy-runner-fixture.js';
import { StartRolloutController } from '../start-rollout/start-rollout.controller.js';
import { ControlRolloutController } from './control-rollout.controller.js';

/**
 * Issue 12, break 5: two strategy-runner instances (each its own application, its own memory)
 * share the rollouts' lease; an operator's pause and resume are answered by either of them,
 * the rollout is driven by the lease holder, and it must go on whichever instance answered.
 * The controls are handed to a chosen instance's controller (NATS would pick one at random).
 */
describe('pausing and resuming a rollout with two strategy-runners', () => {
  let nats: LocalServer;
  let client: NatsConnection;
  let redis: Redis;
  let driving: InProcessService;
  let other: InProcessService;
  const settings = runnerSettings({
    policy: readStrategyPolicy({ HOTSWAP_CANARY_WAVE_WAIT_MS: '1000' }, new VariableProblems()),
  });

  const teardown = new Teardown();
  beforeAll(async () => {
    nats = teardown.add(await privateNats(), (server) => server.stop());
    const env = testEnvironment(nats.url);
    client = teardown.add(await clientOf(nats.url), (nc) => nc.close());
    redis = teardown.add(new Redis(testInfrastructure().redisUrl), (r) => r.quit());
    const agent = nodeAgentModule(() => testSettings());
    teardown.add(await startInProcess('node-agent', agent, env), (s) => s.close());
    driving = teardown.add(await startRunner(env, settings), (s) => s.close());
    await eventually(
      async () => (await redis.get(settings.leaseKey)) === driving.config.instanceId,
      { what: 'the first runner to hold the rollouts’ lease' },
    );
    other = teardown.add(await startRunner(env, settings), (s) => s.close());
  });
  afterAll(() => teardown.run());

  const control = (instance: InProcessService, rolloutId: string, action: RolloutControl) =>
    instance.app.get(ControlRolloutController).control({
      commandId: uniqueName('cmd'),
      actor: 'ops@example.com',
      rolloutId,
      action,
    });

  const installEverywhere = async (moduleName: string, version: string) => {
    const cluster = await sendCommand<DescribeClusterReply>(client, SUBJECTS.describeCluster, {
      environment: 'Production',
    });
    if (!cluster.ok) throw new Error(cluster.error.message);
    await Promise.all(
      cluster.nodes.map(({ nodeId }) => {
        const command: InstallModule = {
          commandId: uniqueName('install'),
          actor: 'test',
          nodeId,
          correlationId: 'setup',
          moduleName,
          version,
        };
        return sendCommand(client, nodeCommandSubject('Production', nodeId, 'install'), command);
      }),
    );
  };

  it('goes on after a pause answered by the driver and a resume answered by the other instance', async () => {
    const moduleName = uniqueName('two-runners');
    await installEverywhere(moduleName, '1.0.0');
    const command = startRolloutCommand({
      moduleName,
      version: '1.1.0',
      targetEnvironment: 'Production',
      strategy: 'Canary',
    });
    // The other instance answers the StartRollout (and remembers the rollout as it started).
    expect(await other.app.get(StartRolloutController).start(command)).toMatchObject({ ok: true });
    const store = driving.connections.eventStore;
    // The first wave is installed and waits a second for its analysis.
    await eventually(
      async () =>
        typesOf(await store.readStream(`rollout-${command.rolloutId}`)).includes('NodeUpdated'),
      { what: 'the first wave to be installed' },
    );

    expect(await control(driving, command.rolloutId, 'pause')).toMatchObject({
      ok: true,
      status: 'Paused',
    });
    expect(await control(other, command.rolloutId, 'resume')).toMatchObject({
      ok: true,
      status: 'Running',
    });
    const events = await finishedRollout(store, command.rolloutId);
    expect(typesOf(events)).toContain('RolloutResumed');
    expect(events.at(-1)?.type).toBe('RolloutSucceeded');
  });

  it('rolls back a paused rollout when the other instance answers the abort', async () => {
    const moduleName = uniqueName('two-runners-abort');
    await installEverywhere(moduleName, '1.0.0');
    const command = startRolloutCommand({
      moduleName,
      version: '1.1.0',
      targetEnvironment: 'Production',
      strategy: 'Canary',
    });
    expect(await other.app.get(StartRolloutController).start(command)).toMatchObject({ ok: true });
    const store = driving.connections.eventStore;
    await eventually(
      async () =>
        typesOf(await store.readStream(`rollout-${command.rolloutId}`)).includes('NodeUpdated'),
      { what: 'the first wave to be installed' },
    );
    expect(await control(driving, command.rolloutId, 'pause')).toMatchObject({ status: 'Paused' });
    expect(await control(other, command.rolloutId, 'abort')).toMatchObject({ ok: true });
    const events = await finishedRollout(store, command.rolloutId);
    expect(events.at(-1)).toMatchObject({
      type: 'RolloutRolledBack',
      data: { reason: expect.stringMatching(/aborted by ops@example.com/) as string },
    });
  });
});
