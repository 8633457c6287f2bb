/**
 * Issue 12, break 3: an install that timed out is rolled back too. The node-agent is stopped
 * (SIGSTOP) while a deployment installs: every install goes unanswered, so the rollout turns
 * back, not knowing what the nodes run. The agent is continued and carries out what it was sent,
 * in whatever order: the installs, and the rollback's undoing of them. Every node ends on the
 * version it ran before, whichever of the two came first.
 */
import { connect, type NatsConnection, type Subscription } from 'nats';
import { nodeIds, nodeStream, rolloutStream, SUBJECTS } from '@hotswap/contracts';
import { JetStreamEventStore } from '@hotswap/event-store';
import { eventually, HotSwapSystem } from '@hotswap/testing';
import { ApiClient } from './api-client.js';

const NODES = nodeIds('Development', 3);
const MODULE = 'ledger-service';

describe('an install that was never answered', () => {
  let system: HotSwapSystem;
  let api: ApiClient;
  let nc: NatsConnection;
  let store: JetStreamEventStore;

  beforeAll(async () => {
    system = await HotSwapSystem.start({
      HOTSWAP_STAGE_DURATIONS_MS: '0',
      // Short, so that the stopped agent's installs time out quickly.
      HOTSWAP_NODE_COMMAND_TIMEOUT_MS: '300',
      HOTSWAP_COMMAND_RETRY_BUDGET_MS: '600',
    });
    api = new ApiClient(system.gateway);
    nc = await connect({ servers: system.env['NATS_URL'] });
    store = await JetStreamEventStore.connect(nc, {
      streamName: system.env['HOTSWAP_JETSTREAM_STREAM']!,
      subjectPrefix: system.env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']!,
    });
  }, 60_000);
  afterAll(async () => {
    system?.processes.get('node-agent')?.signal('SIGCONT');
    await store?.close();
    await nc?.close();
    await system?.stop();
  });

  const deploy = async (version: string) => {
    const posted = await api.requestDeployment({
      moduleName: MODULE,
      version,
      targetEnvironment: 'Development',
      requesterEmail: 'alice@example.com',
    });
    expect(posted.status).toBe(202);
    return posted.body['executionId'] as string;
  };
  /** What a node's stream says it runs, and whether it has settled the install of `version`. */
  const nodeHistory = async (nodeId: string, version: string) => {
    const events = (await store.readStream(nodeStream(nodeId))).filter(
      (e) => (e.data as { moduleName?: string }).moduleName === MODULE,
    );
    // What serves: the last install or rollback (a cancelled install changes nothing).
    const last = events
      .filter((e) => e.type === 'ModuleInstalled' || e.type === 'ModuleRolledBack')
      .at(-1)?.data as { version: string | null } | undefined;
    const settled = events.some(
      (e) =>
        (e.type === 'ModuleInstalled' || e.type === 'InstallCancelled') &&
        (e.data as { version: string }).version === version,
    );
    return { runs: last?.version ?? null, settled, types: events.map((e) => e.type) };
  };

  /**
   * Answers DescribeCluster for the stopped agent (as a NestJS handler does), so the rollout
   * starts and its installs, not the cluster's description, are what goes unanswered.
   */
  const describeClusterForTheStoppedAgent = (): Subscription =>
    nc.subscribe(SUBJECTS.describeCluster, {
      callback: (_error, msg) => {
        const { id } = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string };
        const nodes = NODES.map((nodeId) => ({
          nodeId,
          environment: 'Development',
          modules: { [MODULE]: '1.0.0' },
        }));
        const response = { ok: true, environment: 'Development', nodes };
        msg.respond(JSON.stringify({ id, response, isDisposed: true }));
      },
    });

  it('is put back when the node-agent carries it out late', async () => {
    const first = await deploy('1.0.0');
    expect((await api.waitForStatus(first, ['Completed', 'Failed'], 30_000)).status).toBe(
      'Completed',
    );

    const agent = system.processes.get('node-agent')!;
    agent.signal('SIGSTOP');
    const describer = describeClusterForTheStoppedAgent();
    const second = await deploy('2.0.0');
    // Every install timed out: recorded as failed, its outcome unknown.
    await eventually(
      async () => {
        const failed = (await store.readStream(rolloutStream(second))).filter(
          (e) => e.type === 'NodeUpdateFailed',
        );
        return failed.length === NODES.length ? failed : undefined;
      },
      { what: 'every install to go unanswered', timeoutMs: 30_000 },
    ).then((failed) => {
      for (const event of failed) expect(event.data).toMatchObject({ outcomeUnknown: true });
    });
    describer.unsubscribe();
    agent.signal('SIGCONT');

    const done = await api.waitForStatus(second, ['Completed', 'Failed', 'RolledBack'], 60_000);
    expect(done.status).not.toBe('Completed');
    // The continued agent has carried out (or refused) what it held for 2.0.0 on every node...
    const histories = await eventually(
      async () => {
        const all = await Promise.all(NODES.map((nodeId) => nodeHistory(nodeId, '2.0.0')));
        return all.every((h) => h.settled) ? all : undefined;
      },
      { what: 'the stopped agent to settle the installs it held', timeoutMs: 30_000 },
    );
    // ...and every node runs what it ran before the deployment.
    expect(histories.map((h) => h.runs)).toEqual(NODES.map(() => '1.0.0'));
    const rolledBack = (await store.readStream(rolloutStream(second))).filter(
      (e) => e.type === 'NodeRolledBack',
    );
    expect(rolledBack.map((e) => (e.data as { nodeId: string }).nodeId).sort()).toEqual(NODES);
  }, 180_000);
});
