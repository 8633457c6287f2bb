import { SUBJECTS } from '@hotswap/contracts';
import {
  ApprovalFixture,
  approvalSettings,
  REQUESTER,
  requestCommand,
} from '../../test/approval-fixture.js';

describe('RequestApproval, GetApproval and ListPendingApprovals', () => {
  const fixture = new ApprovalFixture(
    approvalSettings({ HOTSWAP_PRODUCTION_REQUIRED_APPROVALS: '2' }),
  );
  beforeAll(() => fixture.start());
  afterAll(() => fixture.teardown.run());

  it('records the request with the environment’s policy; get and list pending answer it', async () => {
    const command = requestCommand();
    const reply = await fixture.request(command);
    if (!reply.ok) throw new Error(reply.error.message);
    const { approval } = reply;
    expect(approval).toEqual({
      executionId: command.executionId,
      moduleName: 'orders',
      version: '2.1.0',
      targetEnvironment: 'Production',
      requesterEmail: REQUESTER,
      status: 'Pending',
      requiredApprovals: 2,
      approvals: [],
      requestedAt: expect.any(String) as string,
      expiresAt: expect.any(String) as string,
    });
    expect(Date.parse(approval.expiresAt) - Date.parse(approval.requestedAt)).toBe(
      24 * 60 * 60_000,
    );
    expect(await fixture.types(command.executionId)).toEqual(['ApprovalRequested']);

    expect(await fixture.get(command.executionId)).toEqual({ ok: true, approval });
    await fixture.projected(command.executionId);
    expect(await fixture.pendingIds()).toContain(command.executionId);
  });

  it('answers a repeat (same command or same request) with the same approval, recording it once', async () => {
    const command = requestCommand();
    const first = await fixture.request(command);
    expect(first.ok).toBe(true);
    expect(await fixture.request(command)).toEqual(first);
    expect(await fixture.request({ ...command, commandId: 'another' })).toEqual(first);
    expect(await fixture.types(command.executionId)).toEqual(['ApprovalRequested']);
  });

  it('refuses other data under the same execution id', async () => {
    const command = requestCommand();
    await fixture.request(command);
    const reply = await fixture.request({ ...command, commandId: 'other', version: '9.9.9' });
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringContaining(
          'already has an approval request with other data',
        ) as string,
      },
    });
  });

  it('lists pending approvals oldest first, filtered by environment', async () => {
    const staging = requestCommand({ targetEnvironment: 'Staging' });
    const production = requestCommand({ targetEnvironment: 'Production' });
    await fixture.request(staging);
    await fixture.request(production);
    await fixture.projected(production.executionId);

    const all = await fixture.pendingIds();
    expect(all.indexOf(staging.executionId)).toBeLessThan(all.indexOf(production.executionId));
    expect(all.indexOf(staging.executionId)).toBeGreaterThanOrEqual(0);
    const inStaging = await fixture.listPending({ environment: 'Staging' });
    if (!inStaging.ok) throw new Error(inStaging.error.message);
    expect(inStaging.approvals.map((a) => a.executionId)).toContain(staging.executionId);
    expect(inStaging.approvals.every((a) => a.targetEnvironment === 'Staging')).toBe(true);
    expect(await fixture.pendingIds({ environment: 'QA' })).toEqual([]);
  });

  it('answers NOT_FOUND for an approval never requested', async () => {
    expect(await fixture.get('never-requested')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('names every malformed field', async () => {
    const reply = await fixture.send(SUBJECTS.requestApproval, {
      commandId: '',
      executionId: 'has spaces',
      moduleName: 'Orders!',
      version: 'latest',
      targetEnvironment: 'Moon',
      requesterEmail: 'nobody',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    if (reply.ok) return;
    expect(Object.keys(reply.error.fields ?? {}).sort()).toEqual([
      'actor',
      'commandId',
      'executionId',
      'moduleName',
      'requesterEmail',
      'targetEnvironment',
      'version',
    ]);
    expect(await fixture.send(SUBJECTS.getApproval, {})).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { executionId: 'is required' } },
    });
    expect(
      await fixture.send(SUBJECTS.listPendingApprovals, { environment: 'Moon' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { environment: expect.any(String) as string } },
    });
  });

  it('counts requests on /metrics', async () => {
    const metric = await fixture.service.metrics.getSingleMetric('approval_requests_total')?.get();
    expect((metric?.values ?? []).reduce((sum, v) => sum + v.value, 0)).toBeGreaterThanOrEqual(1);
  });
});
