/**
 * Issue 5's approval gate as a user sees it: a Staging deployment waits for an approval, the
 * requester cannot approve it (nor can a Deployer), another Admin can; a rejection fails it; an approval that nobody
 * decides expires, even when the approval service was restarted in between.
 */
import { eventually, HotSwapSystem, ServiceProcess } from '@hotswap/testing';
import { ApiClient } from './api-client.js';

const requesterEmail = 'dev@example.com';
const APPROVAL_TTL_MS = 6_000;

describe('approval gates, end to end', () => {
  let system: HotSwapSystem;
  let api: ApiClient;
  const restarted: ServiceProcess[] = [];

  beforeAll(async () => {
    system = await HotSwapSystem.start({
      HOTSWAP_STAGE_DURATIONS_MS: '0',
      HOTSWAP_BLUE_GREEN_SMOKE_TEST_MS: '0',
      HOTSWAP_BLUE_GREEN_SWITCH_BACK_WINDOW_MS: '0',
      HOTSWAP_STAGING_APPROVAL_TTL_MS: String(APPROVAL_TTL_MS),
      // Signed modules have their own test; these are not registered.
      HOTSWAP_STAGING_STRICT_SIGNATURES: 'false',
    });
    api = new ApiClient(system.gateway);
  }, 60_000);
  afterAll(async () => {
    for (const process of restarted) {
      process.signal('SIGTERM');
      await process.exitWithin(10_000).catch(() => process.kill());
    }
    await system?.stop();
  });

  // The deployer asks; admins decide (two of them, for a second opinion).
  const admin = () => api.as('admin');
  const otherAdmin = () => api.as({ username: 'other-admin', roles: ['Admin'] });
  const waitingDeployment = async (moduleName: string, client = api) => {
    const posted = await client.requestDeployment({
      requesterEmail,
      moduleName,
      version: '1.0.0',
      targetEnvironment: 'Staging',
    });
    expect(posted.status).toBe(202);
    const executionId = posted.body['executionId'] as string;
    await api.waitForStatus(executionId, ['PendingApproval'], 20_000);
    // The approval service records the request a moment after the deployment shows it waits.
    await eventually(
      async () =>
        (await admin().get(`/api/v1/approvals/deployments/${executionId}`)).status === 200,
      { what: `the approval of ${executionId}` },
    );
    return executionId;
  };
  /** A deployment the admin asked for, which the admin then may not approve. */
  const selfRequested = () => waitingDeployment('ledger-api', admin());

  it('waits for an approval; the requester may not approve; another person can, and it deploys', async () => {
    const executionId = await waitingDeployment('catalog-api');
    const pending = await eventually(
      async () => {
        const { body } = await admin().get<{ items: { executionId: string }[] }>(
          '/api/v1/approvals/pending?environment=Staging',
        );
        return body.items.some((a) => a.executionId === executionId) && body;
      },
      { what: 'the approval in the pending list' },
    );
    expect(pending.items.length).toBeGreaterThan(0);

    const byDeployer = await api.post(`/api/v1/approvals/deployments/${executionId}/approve`);
    expect(byDeployer.status).toBe(403);
    const selfApproved = await selfRequested();
    const own = await admin().post(`/api/v1/approvals/deployments/${selfApproved}/approve`);
    expect(own.status).toBe(409);
    expect(String(own.body['message'])).toMatch(
      /admin requested deployment .* and cannot approve it/,
    );

    const approved = await admin().post(`/api/v1/approvals/deployments/${executionId}/approve`, {
      comments: 'looks good',
    });
    expect(approved).toMatchObject({ status: 200, body: { status: 'Approved' } });
    const done = await api.waitForStatus(executionId, ['Completed', 'Failed'], 30_000);
    expect(done.status).toBe('Completed');
    // Its whole history, paged: its own events, its approval's, its rollout's and its nodes'.
    type Page = {
      items: { id: string; type: string; category: string }[];
      nextCursor: string | null;
    };
    const history: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body }: { status: number; body: Page } = await api.get<Page>(
        `/api/v1/deployments/${executionId}/events${query}`,
      );
      expect(status).toBe(200);
      history.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor !== null);
    const ids = history.map((event) => BigInt(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(history[0]!.type).toBe('DeploymentRequested');
    expect(history.at(-1)!.type).toBe('DeploymentCompleted');
    expect(new Set(history.map((event) => event.category))).toEqual(
      new Set(['deployment', 'approval', 'rollout', 'node']),
    );
    expect(history.map((event) => event.type)).toEqual(
      expect.arrayContaining(['ApprovalRequested', 'ApprovalGranted', 'RolloutStarted']),
    );

    // The audit says who did what: the deployer asked, the admin approved.
    const audit = await eventually(
      async () => {
        const { body } = await admin().get<{
          items: { actor: string; action: string; subject: string }[];
        }>('/api/v1/audit');
        const mine = body.items.filter((entry) => entry.subject === executionId);
        return mine.some((entry) => entry.action === 'ApprovalGranted') && mine;
      },
      { what: 'the approval in the audit' },
    );
    expect(audit.map((entry) => [entry.actor, entry.action])).toEqual(
      expect.arrayContaining([
        ['admin', 'ApprovalGranted'],
        ['deployer', 'DeploymentRequested'],
      ]),
    );
    const again = await otherAdmin().post(`/api/v1/approvals/deployments/${executionId}/approve`);
    expect(again.status).toBe(409);
  });

  it('fails a deployment whose approval is rejected, with the reason', async () => {
    const executionId = await waitingDeployment('billing-api');
    const missingReason = await admin().post(`/api/v1/approvals/deployments/${executionId}/reject`);
    expect(missingReason).toMatchObject({
      status: 400,
      body: { fields: { reason: expect.any(String) as unknown } },
    });
    const rejected = await admin().post(`/api/v1/approvals/deployments/${executionId}/reject`, {
      reason: 'change freeze',
    });
    expect(rejected).toMatchObject({ status: 200, body: { status: 'Rejected' } });
    const done = await api.waitForStatus(executionId, ['Failed'], 20_000);
    expect(done.message).toBe('Approval rejected by admin: change freeze');
  });

  it('expires an undecided approval even after the approval service restarted', async () => {
    const executionId = await waitingDeployment('search-indexer');
    const approval = system.processes.get('approval')!;
    approval.signal('SIGTERM');
    await approval.exitWithin(10_000);
    const replacement = ServiceProcess.start('approval', system.env);
    restarted.push(replacement);
    await replacement.ready();
    const done = await api.waitForStatus(executionId, ['Failed'], APPROVAL_TTL_MS + 20_000);
    expect(done.message).toBe('Approval expired: no decision before its deadline');
    const late = await admin().post(`/api/v1/approvals/deployments/${executionId}/approve`);
    expect(late.status).toBe(409);
    expect(String(late.body['message'])).toMatch(/expired/);
  }, 60_000);
});
