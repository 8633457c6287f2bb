/**
 * Issue 12, break 11: Redis holds read models, checkpoints, leases, timers' due times, the
 * workflow's tasks and slot queues, and (before the fix) webhook registrations and dead letters
 * that lived nowhere else. After a FLUSHALL with every service running, nothing may be lost:
 * every read model rebuilds itself from the store, timers are scheduled again from their events,
 * the slot queues are derived again, leases taken again and webhooks keep delivering. Login
 * lockouts and rate-limit counters are the only state allowed to reset.
 */
import { Redis } from 'ioredis';
import { eventually, HotSwapSystem } from '@hotswap/testing';
import { ApiClient } from './api-client.js';
import { WebhookReceiver } from './webhook-receiver.js';

const requesterEmail = 'ops@example.com';
/** Long enough for the approved deployment to be decided after the flush, short enough to see the other one expire. */
const APPROVAL_TTL_MS = 25_000;

describe('a Redis flush while every service runs', () => {
  let system: HotSwapSystem;
  let api: ApiClient;
  let redis: Redis;
  const receiver = new WebhookReceiver();
  const admin = () => api.as('admin');

  beforeAll(async () => {
    await receiver.start();
    system = await HotSwapSystem.start({
      // Development's Build and Test wait on durable stage timers long enough to span the flush.
      HOTSWAP_STAGE_DURATIONS_MS: 'Development=2000,QA=0,Staging=0,Production=0',
      HOTSWAP_BLUE_GREEN_SMOKE_TEST_MS: '0',
      HOTSWAP_BLUE_GREEN_SWITCH_BACK_WINDOW_MS: '0',
      HOTSWAP_STAGING_APPROVAL_TTL_MS: String(APPROVAL_TTL_MS),
      HOTSWAP_STAGING_STRICT_SIGNATURES: 'false',
      HOTSWAP_ORCHESTRATOR_LEASE_TTL_MS: '1500',
    });
    api = new ApiClient(system.gateway);
    redis = new Redis(system.env['REDIS_URL']!, { maxRetriesPerRequest: 2 });
  }, 60_000);
  afterAll(async () => {
    redis?.disconnect();
    await system?.stop();
    await receiver.stop();
  });

  const request = async (moduleName: string, targetEnvironment: string) => {
    const posted = await api.requestDeployment({
      requesterEmail,
      moduleName,
      version: '1.0.0',
      targetEnvironment,
    });
    expect(posted.status).toBe(202);
    return posted.body['executionId'] as string;
  };
  const pendingApprovals = async () =>
    (
      await admin().get<{ items: { executionId: string }[] }>(
        '/api/v1/approvals/pending?environment=Staging',
      )
    ).body.items.map((a) => a.executionId);

  it('rebuilds every read model, keeps timers, approvals, slot queues and webhooks', async () => {
    // Before the webhook exists: never delivered to it, before or after the flush.
    const beforeHook = await request('inventory', 'Development');
    await api.waitForStatus(beforeHook, ['Completed'], 30_000);

    const registered = await admin().post('/api/v1/webhooks', {
      url: receiver.url,
      secret: 'a-secret-of-enough-length',
      filter: { types: ['DeploymentCompleted'] },
    });
    expect(registered.status).toBe(201);
    const webhookId = registered.body['id'] as string;

    const done = await request('catalog', 'Development');
    await api.waitForStatus(done, ['Completed'], 30_000);
    await eventually(() => receiver.completed(done), { what: 'the first delivery' });

    // Waiting for an approval (each with its expiry timer): one to approve, one left to expire.
    const approved = await request('billing', 'Staging');
    const expiring = await request('search', 'Staging');
    for (const id of [approved, expiring]) await api.waitForStatus(id, ['PendingApproval']);
    await eventually(
      async () => {
        const pending = await pendingApprovals();
        return pending.includes(approved) && pending.includes(expiring);
      },
      { what: 'both approvals pending' },
    );
    // In its Build stage: a stage timer due after the flush.
    const timed = await request('ledger', 'Development');
    await api.waitForStatus(timed, ['Running']);

    expect(await redis.flushall()).toBe('OK');
    // At once, before any lease is found gone: events flow while Redis is empty, and a new
    // deployment of billing to Staging must still queue behind the one waiting for approval.
    const next = await request('billing', 'Staging');

    // Read models rebuild themselves: every earlier deployment answers again.
    for (const id of [beforeHook, done]) await api.waitForStatus(id, ['Completed'], 30_000);
    for (const id of [approved, expiring]) await api.waitForStatus(id, ['PendingApproval']);
    await eventually(
      async () => {
        const pending = await pendingApprovals();
        return pending.includes(approved) && pending.includes(expiring);
      },
      { what: 'the pending approvals rebuilt', timeoutMs: 30_000 },
    );
    await eventually(
      async () => {
        const { status, body } = await admin().get<{ items: { id: string }[] }>('/api/v1/webhooks');
        return status === 200 && body.items.some((w) => w.id === webhookId);
      },
      { what: 'the webhook still registered', timeoutMs: 30_000 },
    );

    // The stage timer was scheduled again from its StageStarted.
    await api.waitForStatus(timed, ['Completed'], 30_000);

    // The slot queue was derived again: the new deployment of billing to Staging waits its turn.
    const queued = await api.waitForStatus(next, ['Queued', 'PendingApproval', 'Running'], 20_000);
    expect(queued.status).toBe('Queued');
    expect(queued.message ?? '').toContain(approved);

    const decision = await admin().post(`/api/v1/approvals/deployments/${approved}/approve`);
    expect(decision).toMatchObject({ status: 200, body: { status: 'Approved' } });
    await api.waitForStatus(approved, ['Completed'], 30_000);
    await api.waitForStatus(next, ['PendingApproval'], 20_000);

    // The webhook goes on delivering; it never gets what came before its registration.
    await eventually(() => receiver.completed(approved), {
      what: 'a delivery after the flush',
      timeoutMs: 30_000,
    });
    await eventually(() => receiver.completed(timed), { what: 'the timed one delivered' });
    expect(receiver.completed(beforeHook)).toBe(false);
    // It went on from where it was, not from its registration: nothing came twice.
    expect(receiver.got.filter((e) => e.deploymentId === done)).toHaveLength(1);

    // The undecided approval's expiry timer was scheduled again from its ApprovalRequested.
    const expired = await api.waitForStatus(expiring, ['Failed'], APPROVAL_TTL_MS + 20_000);
    expect(expired.message).toBe('Approval expired: no decision before its deadline');
  }, 150_000);
});
