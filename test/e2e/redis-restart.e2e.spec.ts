/**
 * Issue 12, break 11, the harder way: redis-server SIGKILLed and started again on its port
 * without persistence, so it comes back empty, while every service runs. The services reconnect
 * and derive everything again, as after a FLUSHALL (redis-flush.e2e.spec.ts).
 */
import path from 'node:path';
import {
  eventually,
  HotSwapSystem,
  startNats,
  startRedis,
  testInfrastructure,
  uniqueName,
  type LocalServer,
} from '@hotswap/testing';
import { ApiClient } from './api-client.js';
import { WebhookReceiver } from './webhook-receiver.js';

describe('redis-server killed and started again without its data', () => {
  const dir = path.join(testInfrastructure().tmpDir, uniqueName('redis-restart'));
  let nats: LocalServer;
  let redis: LocalServer;
  let system: HotSwapSystem;
  let api: ApiClient;
  const receiver = new WebhookReceiver();
  const admin = () => api.as('admin');

  beforeAll(async () => {
    await receiver.start();
    nats = await startNats({ dataDir: path.join(dir, 'nats') });
    redis = await startRedis({ dataDir: path.join(dir, 'redis') });
    system = await HotSwapSystem.start(
      {
        HOTSWAP_STAGE_DURATIONS_MS: '0',
        HOTSWAP_BLUE_GREEN_SMOKE_TEST_MS: '0',
        HOTSWAP_BLUE_GREEN_SWITCH_BACK_WINDOW_MS: '0',
        HOTSWAP_STAGING_STRICT_SIGNATURES: 'false',
        HOTSWAP_ORCHESTRATOR_LEASE_TTL_MS: '1500',
      },
      { natsUrl: nats.url, redisUrl: redis.url },
    );
    api = new ApiClient(system.gateway);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
    await Promise.all([nats?.stop(), redis?.stop()]);
    await receiver.stop();
  });

  const request = async (moduleName: string, targetEnvironment: string) => {
    const posted = await api.requestDeployment({
      requesterEmail: 'ops@example.com',
      moduleName,
      version: '1.0.0',
      targetEnvironment,
    });
    expect(posted.status).toBe(202);
    return posted.body['executionId'] as string;
  };

  it('loses no deployment, approval or webhook', async () => {
    const registered = await admin().post('/api/v1/webhooks', {
      url: receiver.url,
      secret: 'a-secret-of-enough-length',
      filter: { types: ['DeploymentCompleted'] },
    });
    expect(registered.status).toBe(201);
    const done = await request('catalog', 'Development');
    await api.waitForStatus(done, ['Completed'], 30_000);
    await eventually(() => receiver.completed(done), { what: 'the first delivery' });
    const waiting = await request('billing', 'Staging');
    await api.waitForStatus(waiting, ['PendingApproval']);

    await redis.kill();
    redis = await startRedis({ port: redis.port, dataDir: path.join(dir, 'redis-empty') });
    const next = await request('billing', 'Staging');

    await api.waitForStatus(done, ['Completed'], 30_000);
    await eventually(
      async () =>
        (
          await admin().get<{ items: { executionId: string }[] }>('/api/v1/approvals/pending')
        ).body.items?.some((a) => a.executionId === waiting),
      { what: 'the pending approval rebuilt', timeoutMs: 30_000 },
    );
    const queued = await api.waitForStatus(next, ['Queued', 'PendingApproval', 'Running'], 20_000);
    expect(queued.status).toBe('Queued');

    const decision = await admin().post(`/api/v1/approvals/deployments/${waiting}/approve`);
    expect(decision).toMatchObject({ status: 200, body: { status: 'Approved' } });
    await api.waitForStatus(waiting, ['Completed'], 30_000);
    await eventually(() => receiver.completed(waiting), {
      what: 'a delivery after the restart',
      timeoutMs: 30_000,
    });
    await api.waitForStatus(next, ['PendingApproval'], 20_000);
  }, 120_000);
});
