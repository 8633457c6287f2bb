import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NatsConnection } from 'nats';
import { startInProcess, type InProcessService } from '@hotswap/service-host';
import { privateNats, Teardown, testEnvironment, uniqueName } from '@hotswap/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- runs a node-agent in-process beside the runner; to move into a cross-service test folder (issue 13, open)
import { nodeAgentModule } from '../../../node-agent/src/app.module.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- runs a node-agent in-process beside the runner; to move into a cross-service test folder (issue 13, open)
import { testSettings } from '../../../node-agent/test/node-agent-fixture.js';
import {
  clientOf,
  dataOf,
  finishedRollout,
  runnerSettings,
  sendStartRollout,
  startRolloutCommand,
  startRunner,
} from '../../test/strategy-runner-fixture.js';

/** A Rolling batch is also checked with the module's own checks (here an HTTP one per node). */
describe('Rolling with the module’s own health checks', () => {
  let runner: InProcessService;
  let client: NatsConnection;
  let health: Server;
  const unhealthyNodes = new Set<string>();

  const teardown = new Teardown();
  beforeAll(async () => {
    health = createServer((request, response) => {
      const nodeId = request.url?.split('/').at(-1) ?? '';
      response.statusCode = unhealthyNodes.has(nodeId) ? 500 : 200;
      response.end();
    });
    await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve));
    teardown.add(health, (server) => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (health.address() as AddressInfo).port;
    const nats = teardown.add(await privateNats(), (server) => server.stop());
    const env = testEnvironment(nats.url);
    teardown.add(
      await startInProcess(
        'node-agent',
        nodeAgentModule(() => testSettings()),
        env,
      ),
      (s) => s.close(),
    );
    const settings = runnerSettings({
      moduleChecks: {
        'checked-module': [{ type: 'http', url: `http://127.0.0.1:${port}/health/{nodeId}` }],
      },
    });
    runner = teardown.add(await startRunner(env, settings), (s) => s.close());
    client = teardown.add(await clientOf(nats.url), (nc) => nc.close());
  });
  afterAll(() => teardown.run());

  it('passes batches whose nodes answer their checks', async () => {
    const command = startRolloutCommand({
      moduleName: 'checked-module',
      targetEnvironment: 'QA',
      strategy: 'Rolling',
    });
    await sendStartRollout(client, command);
    const events = await finishedRollout(runner.connections.eventStore, command.rolloutId);
    expect(events.at(-1)?.type).toBe('RolloutSucceeded');
  });

  it('turns back at the batch whose node fails a check, naming the check', async () => {
    unhealthyNodes.add('qa-04');
    const command = startRolloutCommand({
      moduleName: 'checked-module',
      version: '2.0.0',
      targetEnvironment: 'QA',
      strategy: 'Rolling',
      rolloutId: uniqueName('r'),
    });
    await sendStartRollout(client, command);
    const events = await finishedRollout(runner.connections.eventStore, command.rolloutId);
    const checked = events.filter((e) => e.type === 'BatchHealthChecked');
    expect(checked.map((e) => dataOf(e, 'BatchHealthChecked').healthy)).toEqual([true, false]);
    const [unhealthy, ...others] = dataOf(checked[1], 'BatchHealthChecked').unhealthy;
    expect(others).toEqual([]);
    expect(unhealthy?.nodeId).toBe('qa-04');
    expect(unhealthy?.reason).toMatch(/HTTP http:\/\/127\.0\.0\.1:\d+\/health\/qa-04 answered 500/);
    expect(events.at(-1)?.type).toBe('RolloutRolledBack');
  });
});
