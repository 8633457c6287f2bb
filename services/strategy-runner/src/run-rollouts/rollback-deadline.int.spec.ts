import type { NatsConnection } from 'nats';
import { nodeCommandSubject, SUBJECTS, type InstallModule } from '@hotswap/contracts';
import { privateNats, Teardown, testEnvironment } from '@hotswap/testing';
import type { InProcessService } from '@hotswap/service-host';
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
 * Issue 12, break 9: a rollback that keeps failing was tried again for good, and the deployment
 * never ended. It now ends Failed at its deadline, naming the nodes left on the new version.
 */
describe('a rollback that keeps failing', () => {
  const teardown = new Teardown();
  let client: NatsConnection;
  let env: Record<string, string>;
  let runner: InProcessService | undefined;
  let rollbacksAsked = 0;

  beforeAll(async () => {
    const nats = teardown.add(await privateNats(), (server) => server.stop());
    client = teardown.add(await clientOf(nats.url), (nc) => nc.close());
    env = testEnvironment(nats.url);
    respond(client, SUBJECTS.describeCluster, () => ({
      ok: true,
      environment: 'Development',
      nodes: ['stuck-01', 'stuck-02'].map((nodeId) => ({
        nodeId,
        environment: 'Development',
        modules: {},
      })),
    }));
    // stuck-01 takes the version and then never goes back; stuck-02 refuses it.
    respond(client, nodeCommandSubject('Development', 'stuck-01', 'install'), (data) => ({
      ok: true,
      nodeId: 'stuck-01',
      version: (data as InstallModule).version,
      previousVersion: '1.0.0',
    }));
    respond(client, nodeCommandSubject('Development', 'stuck-02', 'install'), () => ({
      ok: false,
      error: { code: 'CONFLICT', message: 'disk full' },
    }));
    respond(client, nodeCommandSubject('Development', 'stuck-01', 'rollback'), () => {
      rollbacksAsked++;
      return { ok: false, error: { code: 'CONFLICT', message: 'the module is locked' } };
    });
    await client.flush();
  });
  afterAll(async () => {
    await runner?.close();
    await teardown.run();
  });

  it('ends Failed at its deadline with the nodes it could not put back', async () => {
    const rollbackDeadlineMs = 1_500;
    runner = await startRunner(env, runnerSettings({ rollbackDeadlineMs }));
    const command = startRolloutCommand({ version: '2.0.0' });
    await sendStartRollout(client, command);

    const events = await finishedRollout(runner.connections.eventStore, command.rolloutId);
    expect(typesOf(events)).toEqual([
      'RolloutStarted',
      'NodeUpdated',
      'NodeUpdateFailed',
      'RolloutFailed',
    ]);
    const { reason, at } = dataOf(events.at(-1), 'RolloutFailed');
    expect(reason).toMatch(
      /^the rollback did not finish within its deadline of 1500 ms \(HOTSWAP_ROLLBACK_DEADLINE_MS\); still on 2\.0\.0: stuck-01$/,
    );
    const turnedBackAt = Date.parse(dataOf(events[2], 'NodeUpdateFailed').at);
    expect(Date.parse(at) - turnedBackAt).toBeGreaterThanOrEqual(rollbackDeadlineMs);
    expect(rollbacksAsked).toBeGreaterThan(1);
  });
});
