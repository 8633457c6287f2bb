/**
 * Issue 3 as a user sees it: the five services as processes, real NATS/JetStream and Redis, the
 * REST API as the only way in, the event store and the clusters endpoint as the proof.
 */
import { connect, type NatsConnection } from 'nats';
import { deploymentStream, nodeIds, rolloutStream } from '@hotswap/contracts';
import { JetStreamEventStore } from '@hotswap/event-store';
import { HotSwapSystem } from '@hotswap/testing';
import { ApiClient, type ClusterView } from './api-client.js';

const DEVELOPMENT_NODES = nodeIds('Development', 3);

describe('a deployment flows end to end through the five services', () => {
  let system: HotSwapSystem;
  let api: ApiClient;
  let nc: NatsConnection;
  let store: JetStreamEventStore;

  beforeAll(async () => {
    system = await HotSwapSystem.start({
      HOTSWAP_STAGE_DURATIONS_MS: '0',
      HOTSWAP_TELEMETRY_INTERVAL_MS: '500',
      HOTSWAP_SIMULATED_INSTALL_FAILURES: 'development-02:inventory-service@2.0.0',
    });
    api = new ApiClient(system.gateway);
    nc = await connect({ servers: system.env['NATS_URL'] });
    store = await JetStreamEventStore.connect(nc, {
      streamName: system.env['HOTSWAP_JETSTREAM_STREAM']!,
      subjectPrefix: system.env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']!,
    });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    await nc?.close();
    await system?.stop();
  });

  const versionsOn = async (moduleName: string) => {
    const { body } = await api.get<ClusterView>('/api/v1/clusters/Development');
    return Object.fromEntries(body.nodes.map((n) => [n.nodeId, n.modules[moduleName] ?? null]));
  };

  it('completes a Development deployment: every stage, every event, every node on the new version', async () => {
    const posted = await api.requestDeployment({
      moduleName: 'payment-processor',
      version: '2.1.0',
      targetEnvironment: 'Development',
      requesterEmail: 'alice@example.com',
    });
    expect(posted.status).toBe(202);
    const executionId = posted.body['executionId'] as string;
    expect(posted.body['status']).toBe('Pending');
    expect(posted.location).toBe(`/api/v1/deployments/${executionId}`);

    const done = await api.waitForStatus(executionId, ['Completed', 'Failed']);
    expect(done).toMatchObject({
      status: 'Completed',
      moduleName: 'payment-processor',
      moduleVersion: '2.1.0',
    });
    expect(done.stages.map((s) => [s.name, s.status])).toEqual([
      ['Build', 'Succeeded'],
      ['Test', 'Succeeded'],
      ['SecurityScan', 'Succeeded'],
      ['DeployToDevelopment', 'Succeeded'],
      ['Validation', 'Succeeded'],
    ]);
    expect(done.endTime).not.toBeNull();

    const deploymentEvents = (await store.readStream(deploymentStream(executionId))).map(
      (e) => e.type,
    );
    expect(deploymentEvents[0]).toBe('DeploymentRequested');
    expect(deploymentEvents.filter((t) => t === 'StageSucceeded')).toHaveLength(5);
    expect(deploymentEvents[deploymentEvents.length - 1]).toBe('DeploymentCompleted');
    const rolloutEvents = await store.readStream(rolloutStream(executionId));
    expect(rolloutEvents.map((e) => e.type)).toEqual(
      expect.arrayContaining(['RolloutStarted', 'NodeUpdated', 'RolloutSucceeded']),
    );
    expect(rolloutEvents.filter((e) => e.type === 'NodeUpdated')).toHaveLength(3);

    expect(await versionsOn('payment-processor')).toEqual(
      Object.fromEntries(DEVELOPMENT_NODES.map((n) => [n, '2.1.0'])),
    );
  });

  it('fails when a node cannot install, and puts every node back on its previous version', async () => {
    const first = await api.requestDeployment({
      moduleName: 'inventory-service',
      version: '1.0.0',
      targetEnvironment: 'Development',
      requesterEmail: 'bob@example.com',
    });
    await api.waitForStatus(first.body['executionId'] as string, ['Completed']);

    const second = await api.requestDeployment({
      moduleName: 'inventory-service',
      version: '2.0.0',
      targetEnvironment: 'Development',
      requesterEmail: 'bob@example.com',
    });
    const executionId = second.body['executionId'] as string;
    const failed = await api.waitForStatus(executionId, ['Failed', 'Completed', 'RolledBack']);
    expect(failed.status).toBe('Failed');
    const deploy = failed.stages.find((s) => s.name === 'DeployToDevelopment');
    expect(deploy?.status).toBe('Failed');
    expect(deploy?.message).toContain('development-02');
    expect(failed.stages.find((s) => s.name === 'Validation')?.status).toBe('Pending');

    const rollout = (await store.readStream(rolloutStream(executionId))).map((e) => e.type);
    expect(rollout.filter((t) => t === 'NodeUpdateFailed')).toHaveLength(1);
    expect(rollout.filter((t) => t === 'NodeRolledBack')).toHaveLength(2);
    expect(rollout[rollout.length - 1]).toBe('RolloutFailed');
    expect(await versionsOn('inventory-service')).toEqual(
      Object.fromEntries(DEVELOPMENT_NODES.map((n) => [n, '1.0.0'])),
    );
  });

  it('answers a bad request with 400 naming each field, and records nothing', async () => {
    const before = (await api.get<{ items: unknown[] }>('/api/v1/deployments?limit=100')).body.items
      .length;
    const response = await api.requestDeployment({
      moduleName: 'Payment Processor',
      version: '2.1',
      targetEnvironment: 'Prod',
      requesterEmail: 'alice',
    });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body['fields'] as object).sort()).toEqual([
      'moduleName',
      'requesterEmail',
      'targetEnvironment',
      'version',
    ]);
    const after = (await api.get<{ items: unknown[] }>('/api/v1/deployments?limit=100')).body.items
      .length;
    expect(after).toBe(before);
  });

  it('returns the same deployment for a POST retried with the same Idempotency-Key', async () => {
    const body = {
      moduleName: 'search-api',
      version: '1.4.2',
      targetEnvironment: 'Development',
      requesterEmail: 'carol@example.com',
    };
    const headers = { 'Idempotency-Key': `retry-${Date.now()}` };
    const first = await api.requestDeployment(body, headers);
    const again = await api.requestDeployment(body, headers);
    expect(again.status).toBe(202);
    expect(again.body['executionId']).toBe(first.body['executionId']);
    await api.waitForStatus(first.body['executionId'] as string, ['Completed']);
    const other = await api.requestDeployment({ ...body, version: '1.4.3' }, headers);
    expect(other.status).toBe(409);
  });

  it('answers 404 with a message for an unknown deployment', async () => {
    const { status, body } = await api.get<{ message: string }>(
      '/api/v1/deployments/00000000-0000-4000-8000-000000000000',
    );
    expect(status).toBe(404);
    expect(body.message).toMatch(/00000000-0000-4000-8000-000000000000/);
  });

  it('shows the clusters with node health from telemetry', async () => {
    const all = await api.get<
      { environment: string; summary: ClusterView['summary'] }[] | { clusters: unknown[] }
    >('/api/v1/clusters');
    expect(all.status).toBe(200);
    const dev = await api.get<ClusterView>('/api/v1/clusters/Development');
    expect(dev.status).toBe(200);
    expect(dev.body.summary.total).toBe(3);
    expect(dev.body.summary.healthy + dev.body.summary.unhealthy).toBe(3);
    expect((await api.get('/api/v1/clusters/Nowhere')).status).toBeGreaterThanOrEqual(400);
  });
});
