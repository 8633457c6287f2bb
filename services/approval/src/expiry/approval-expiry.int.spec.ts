import { approvalStream } from '@hotswap/contracts';
import { eventually } from '@hotswap/testing';
import {
  ApprovalFixture,
  approvalSettings,
  approve,
  requestCommand,
} from '../../test/approval-fixture.js';

describe('approval expiry', () => {
  // Short deadlines: Staging's for waiting it out, Production's long enough for a restart.
  const fixture = new ApprovalFixture(
    approvalSettings({
      HOTSWAP_STAGING_APPROVAL_TTL_MS: '1000',
      HOTSWAP_PRODUCTION_APPROVAL_TTL_MS: '4000',
    }),
  );
  beforeAll(() => fixture.start());
  afterAll(() => fixture.teardown.run());

  const expiredEvent = (executionId: string) =>
    eventually(
      async () =>
        (await fixture.store.readStream(approvalStream(executionId))).find(
          (event) => event.type === 'ApprovalExpired',
        ),
      { what: `approval ${executionId} to expire` },
    );

  const timerDueAt = async (executionId: string) =>
    fixture.redis.zscore(`${fixture.settings.timersKeyPrefix}:due`, executionId);

  it('records ApprovalExpired at the deadline; a later approval is refused as expired', async () => {
    const command = requestCommand({ targetEnvironment: 'Staging' });
    const reply = await fixture.request(command);
    if (!reply.ok) throw new Error(reply.error.message);
    const { expiresAt } = reply.approval;

    const expired = await expiredEvent(command.executionId);
    expect(Date.parse(expired.metadata.timestamp!)).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    expect(await fixture.get(command.executionId)).toMatchObject({
      ok: true,
      approval: { status: 'Expired', decidedAt: expired.metadata.timestamp },
    });
    expect(await fixture.decide(approve(command.executionId, 'ann@example.com'))).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `The approval of deployment ${command.executionId} expired at ${expiresAt}`,
      },
    });
    await fixture.projected(command.executionId);
    expect(await fixture.pendingIds()).not.toContain(command.executionId);
    expect(await timerDueAt(command.executionId)).toBeNull();
  });

  it('records nothing when the approval was decided before its deadline', async () => {
    const command = requestCommand({ targetEnvironment: 'Staging' });
    await fixture.request(command);
    await fixture.decide(approve(command.executionId, 'ann@example.com'));
    await fixture.projected(command.executionId);
    // The decision cancelled the timer: there is nothing left to fire.
    expect(await timerDueAt(command.executionId)).toBeNull();
    expect(await fixture.types(command.executionId)).toEqual([
      'ApprovalRequested',
      'ApprovalGranted',
      'ApprovalCompleted',
    ]);
  });

  it('still expires when the service stopped and a new instance started before the deadline', async () => {
    const command = requestCommand({ targetEnvironment: 'Production' });
    const reply = await fixture.request(command);
    if (!reply.ok) throw new Error(reply.error.message);
    const { expiresAt } = reply.approval;

    await fixture.restart(async () => {
      // Nothing runs now: the due time is only in Redis.
      expect(await timerDueAt(command.executionId)).toBe(String(Date.parse(expiresAt)));
    });
    expect(Date.now()).toBeLessThan(Date.parse(expiresAt));
    expect(await fixture.types(command.executionId)).toEqual(['ApprovalRequested']);

    const expired = await expiredEvent(command.executionId);
    expect(expired.metadata).toMatchObject({
      actor: 'service:approval',
      correlationId: command.executionId,
    });
    expect(await fixture.types(command.executionId)).toEqual([
      'ApprovalRequested',
      'ApprovalExpired',
    ]);
  });
});
