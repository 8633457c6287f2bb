import { SUBJECTS } from '@hotswap/contracts';
import {
  ApprovalFixture,
  approvalSettings,
  approve,
  reject,
  REQUESTER,
  requestCommand,
} from '../../test/approval-fixture.js';

const ANN = 'ann@example.com';
const BOB = 'bob@example.com';

describe('DecideApproval', () => {
  // Staging needs one approver, Production two.
  const fixture = new ApprovalFixture(
    approvalSettings({ HOTSWAP_PRODUCTION_REQUIRED_APPROVALS: '2' }),
  );
  beforeAll(() => fixture.start());
  afterAll(() => fixture.teardown.run());

  const requested = async (targetEnvironment: 'Staging' | 'Production') => {
    const command = requestCommand({ targetEnvironment });
    const reply = await fixture.request(command);
    if (!reply.ok) throw new Error(reply.error.message);
    await fixture.projected(command.executionId);
    return command.executionId;
  };

  it('completes an approval needing one approver, which leaves the pending list', async () => {
    const executionId = await requested('Staging');
    expect(await fixture.pendingIds()).toContain(executionId);

    const reply = await fixture.decide(approve(executionId, ANN, { comments: 'looks good' }));
    expect(reply).toMatchObject({
      ok: true,
      approval: {
        status: 'Approved',
        approvals: [{ approver: ANN, comments: 'looks good' }],
        decidedAt: expect.any(String) as string,
      },
    });
    expect(await fixture.types(executionId)).toEqual([
      'ApprovalRequested',
      'ApprovalGranted',
      'ApprovalCompleted',
    ]);
    await fixture.projected(executionId);
    expect(await fixture.pendingIds()).not.toContain(executionId);
  });

  it('needs two distinct approvers where the policy says two', async () => {
    const executionId = await requested('Production');
    expect(await fixture.decide(approve(executionId, ANN))).toMatchObject({
      ok: true,
      approval: { status: 'Pending', approvals: [{ approver: ANN, comments: '' }] },
    });
    const second = await fixture.decide(approve(executionId, BOB, { comments: 'ok' }));
    expect(second).toMatchObject({ ok: true, approval: { status: 'Approved' } });
    if (second.ok) expect(second.approval.approvals.map((a) => a.approver)).toEqual([ANN, BOB]);
  });

  it('refuses self-approval, with the rule’s words', async () => {
    const executionId = await requested('Staging');
    expect(await fixture.decide(approve(executionId, REQUESTER))).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `${REQUESTER} requested deployment ${executionId} and cannot approve it: another approver must`,
      },
    });
  });

  it('refuses a second approval by the same person, and any decision once approved', async () => {
    const production = await requested('Production');
    await fixture.decide(approve(production, ANN));
    expect(await fixture.decide(approve(production, 'Ann@Example.com'))).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: expect.stringContaining('has already approved') as string,
      },
    });
    const staging = await requested('Staging');
    await fixture.decide(approve(staging, ANN));
    expect(await fixture.decide(approve(staging, BOB))).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: `Deployment ${staging} is already approved by ${ANN}` },
    });
  });

  it('rejects with a reason, which leaves the pending list and ends the approval', async () => {
    const executionId = await requested('Production');
    const reply = await fixture.decide(reject(executionId, BOB, 'not during the sale'));
    expect(reply).toMatchObject({
      ok: true,
      approval: { status: 'Rejected', rejectedBy: BOB, reason: 'not during the sale' },
    });
    expect(await fixture.decide(approve(executionId, ANN))).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining('was rejected by') as string },
    });
    await fixture.projected(executionId);
    expect(await fixture.pendingIds()).not.toContain(executionId);
  });

  it('refuses a rejection without a reason, naming the field', async () => {
    const executionId = await requested('Staging');
    for (const reason of [undefined, '', '   ']) {
      expect(await fixture.decide(reject(executionId, BOB, reason))).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', fields: { reason: expect.any(String) as string } },
      });
    }
    expect(await fixture.types(executionId)).toEqual(['ApprovalRequested']);
  });

  it('answers a retry of the same command as the first time, later decisions included', async () => {
    const executionId = await requested('Production');
    const first = approve(executionId, ANN, { comments: 'first' });
    const answer = await fixture.decide(first);
    expect(answer).toMatchObject({ ok: true, approval: { status: 'Pending' } });
    expect(await fixture.decide(first)).toEqual(answer);
    await fixture.decide(approve(executionId, BOB));
    expect(await fixture.decide(first)).toMatchObject({
      ok: true,
      approval: { status: 'Approved' },
    });
    expect(await fixture.types(executionId)).toEqual([
      'ApprovalRequested',
      'ApprovalGranted',
      'ApprovalGranted',
      'ApprovalCompleted',
    ]);
  });

  it('answers a retry sent before the first was answered as the first', async () => {
    const executionId = await requested('Staging');
    const command = approve(executionId, ANN);
    const replies = await Promise.all([fixture.decide(command), fixture.decide(command)]);
    expect(replies.map((reply) => reply.ok)).toEqual([true, true]);
    expect(await fixture.types(executionId)).toEqual([
      'ApprovalRequested',
      'ApprovalGranted',
      'ApprovalCompleted',
    ]);
  });

  it('answers NOT_FOUND without such an approval', async () => {
    expect(await fixture.decide(approve('never-requested', ANN))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('names every malformed field', async () => {
    const reply = await fixture.send(SUBJECTS.decideApproval, {
      commandId: 'c1',
      executionId: 'x/y',
      decision: 'maybe',
      comments: 42,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    if (reply.ok) return;
    expect(Object.keys(reply.error.fields ?? {}).sort()).toEqual([
      'actor',
      'comments',
      'decision',
      'executionId',
    ]);
  });
});
