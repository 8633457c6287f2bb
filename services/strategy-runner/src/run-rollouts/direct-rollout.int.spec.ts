import type { NatsConnection } from 'nats';
import {
  nodeCommandSubject,
  SUBJECTS,
  type DescribeClusterReply,
  type InstallModuleReply,
} from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import { uniqueName, type LocalServer } from '@hotswap/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- runs a node-agent in-process beside the runner; to move into a cross-service test folder (issue 13, open)
import { nodeAgentModule } from '../../../node-agent/src/app.module.js';
import { startInProcess, type InProcessService } from '@hotswap/service-host';
import { privateNats, testEnvironment } from '@hotswap/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- runs a node-agent in-process beside the runner; to move into a cross-service test folder (issue 13, open)
import { testSettings } from '../../../node-agent/test/node-agent-fixture.js';
import { Teardown } from '@hotswap/testing';
import {
  clientOf,
  counterValue,
  dataOf,
  finishedRollout,
  sendStartRollout,
  startRolloutCommand,
  startRunner,
  typesOf,
} from '../../test/strategy-runner-fixture.js';

describe('a Direct rollout against a real node-agent', () => {
  let nats: LocalServer;
  let runner: InProcessService;
  let client: NatsConnection;
  const nodes = ['development-01', 'development-02', 'development-03'];

  const teardown = new Teardown();
  beforeAll(async () => {
    nats = teardown.add(await privateNats(), (server) => server.stop());
    const env = testEnvironment(nats.url);
    const agentModule = nodeAgentModule(() => testSettings());
    teardown.add(await startInProcess('node-agent', agentModule, env), (s) => s.close());
    runner = teardown.add(await startRunner(env), (s) => s.close());
    client = teardown.add(await clientOf(nats.url), (nc) => nc.close());
  });
  afterAll(() => teardown.run());

  const store = () => runner.connections.eventStore;
  const versionsOf = async (moduleName: string) => {
    const reply = await sendCommand<DescribeClusterReply>(client, SUBJECTS.describeCluster, {
      environment: 'Development',
    });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.nodes.map((node) => node.modules[moduleName] ?? null);
  };

  it('installs on every node and succeeds, recording each node’s previous version', async () => {
    const first = startRolloutCommand();
    expect(await sendStartRollout(client, first)).toEqual({ ok: true, rolloutId: first.rolloutId });
    const events = await finishedRollout(store(), first.rolloutId);
    expect(typesOf(events)).toEqual([
      'RolloutStarted',
      'NodeUpdated',
      'NodeUpdated',
      'NodeUpdated',
      'RolloutSucceeded',
    ]);
    expect(dataOf(events[0], 'RolloutStarted').nodes).toEqual(nodes);
    expect(events.every((e) => e.metadata.correlationId === first.executionId)).toBe(true);
    expect(await versionsOf(first.moduleName)).toEqual(['1.0.0', '1.0.0', '1.0.0']);

    const second = startRolloutCommand({ moduleName: first.moduleName, version: '1.1.0' });
    await sendStartRollout(client, second);
    const updated = (await finishedRollout(store(), second.rolloutId)).filter(
      (e) => e.type === 'NodeUpdated',
    );
    expect(updated.map((e) => dataOf(e, 'NodeUpdated').previousVersion)).toEqual([
      '1.0.0',
      '1.0.0',
      '1.0.0',
    ]);
    expect(await versionsOf(first.moduleName)).toEqual(['1.1.0', '1.1.0', '1.1.0']);
    expect(await counterValue(runner, 'nodes_updated_total')).toBeGreaterThanOrEqual(6);
    expect(await counterValue(runner, 'modules_deployed_total')).toBeGreaterThanOrEqual(2);
  });

  it('fails on a node, puts the others back on their previous version, and says why', async () => {
    // development-02 fails every install of broken-module (HOTSWAP_SIMULATED_INSTALL_FAILURES).
    for (const nodeId of ['development-01', 'development-03']) {
      const reply = await sendCommand<InstallModuleReply>(
        client,
        nodeCommandSubject('Development', nodeId, 'install'),
        {
          commandId: uniqueName('cmd'),
          actor: 'test',
          nodeId,
          correlationId: 'earlier-deployment',
          moduleName: 'broken-module',
          version: '1.0.0',
        },
      );
      expect(reply.ok).toBe(true);
    }
    const command = startRolloutCommand({ moduleName: 'broken-module', version: '2.0.0' });
    await sendStartRollout(client, command);
    const events = await finishedRollout(store(), command.rolloutId);
    expect(typesOf(events).slice(0, 1)).toEqual(['RolloutStarted']);
    expect(typesOf(events).slice(1, 4).sort()).toEqual([
      'NodeUpdateFailed',
      'NodeUpdated',
      'NodeUpdated',
    ]);
    expect(typesOf(events).slice(4)).toEqual(['NodeRolledBack', 'NodeRolledBack', 'RolloutFailed']);
    const failed = events.find((e) => e.type === 'NodeUpdateFailed');
    expect(dataOf(failed, 'NodeUpdateFailed')).toMatchObject({
      nodeId: 'development-02',
      reason: expect.stringContaining('OPERATION_FAILED') as string,
    });
    expect(dataOf(events.at(-1), 'RolloutFailed').reason).toMatch(
      /failed on node development-02 .*; rolled back development-01 to 1\.0\.0, development-03 to 1\.0\.0$/,
    );
    expect(await versionsOf('broken-module')).toEqual(['1.0.0', null, '1.0.0']);
    expect(await counterValue(runner, 'deployments_rolled_back_total')).toBe(1);
  });

  it('runs many rollouts side by side, each node taking every module', async () => {
    const commands = Array.from({ length: 40 }, () => startRolloutCommand());
    const replies = await Promise.all(commands.map((c) => sendStartRollout(client, c)));
    expect(replies.every((reply) => reply.ok)).toBe(true);
    const ends = await Promise.all(
      commands.map(async (c) => (await finishedRollout(store(), c.rolloutId)).at(-1)?.type),
    );
    expect(new Set(ends)).toEqual(new Set(['RolloutSucceeded']));
  });

  it('answers a repeated StartRollout as the first one, and refuses other data under its id', async () => {
    const command = startRolloutCommand();
    await sendStartRollout(client, command);
    expect(await sendStartRollout(client, command)).toEqual({
      ok: true,
      rolloutId: command.rolloutId,
    });
    expect(
      await sendStartRollout(client, { ...command, commandId: uniqueName('c'), version: '9.0.0' }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const events = await finishedRollout(store(), command.rolloutId);
    expect(typesOf(events).filter((t) => t === 'RolloutStarted')).toHaveLength(1);
  });

  it('refuses a malformed command, naming the fields', async () => {
    const reply = await sendStartRollout(client, {
      ...startRolloutCommand(),
      rolloutId: 'has spaces',
      targetEnvironment: 'Moon' as 'QA',
    });
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        fields: {
          rolloutId: expect.any(String) as string,
          targetEnvironment: expect.any(String) as string,
        },
      },
    });
  });
});
