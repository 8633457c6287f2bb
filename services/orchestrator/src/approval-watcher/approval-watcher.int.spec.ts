import { approvalStream, SUBJECTS, type ApprovalEvent } from '@hotswap/contracts';
import { eventually } from '@hotswap/testing';
import { OrchestratorHarness } from '../../test/orchestrator-harness.js';

/**
 * Staging waits for an approval before its deploy stage (the default policy). The approval
 * service is played by the test: it answers RequestApproval and appends the approval's events.
 */
describe('the approval gate in the deployment workflow', () => {
  let harness: OrchestratorHarness;
  const asked: unknown[] = [];
  beforeAll(async () => {
    harness = await OrchestratorHarness.start();
    harness.nc.subscribe(SUBJECTS.requestApproval, {
      callback: (_error, msg) => {
        const packet = JSON.parse(new TextDecoder().decode(msg.data)) as {
          id: string;
          data: unknown;
        };
        asked.push(packet.data);
        msg.respond(JSON.stringify({ id: packet.id, response: { ok: true }, isDisposed: true }));
      },
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const decide = (executionId: string, event: ApprovalEvent) =>
    harness.store.append(approvalStream(executionId), [
      {
        id: crypto.randomUUID(),
        type: event.type,
        data: event.data,
        metadata: { correlationId: executionId, actor: 'test' },
      },
    ]);
  const at = () => new Date().toISOString();

  it('waits in PendingApproval, asks the approval service, and deploys once approved', async () => {
    const reply = await harness.request({ moduleName: 'gated', targetEnvironment: 'Staging' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    const { executionId } = reply;
    await harness.waitFor(executionId, 'DeploymentAwaitingApproval');
    await eventually(
      () => asked.some((c) => (c as { executionId: string }).executionId === executionId),
      {
        what: 'RequestApproval sent to the approval service',
      },
    );
    expect((await harness.events(executionId)).map((e) => e.type)).not.toContain(
      'DeploymentCompleted',
    );
    await decide(executionId, {
      type: 'ApprovalCompleted',
      data: { executionId, approvers: ['admin@example.com'], at: at() },
    });
    const events = await harness.waitFor(executionId, 'DeploymentCompleted');
    const types = events.map((e) => e.type);
    expect(types.indexOf('DeploymentApproved')).toBeLessThan(types.lastIndexOf('StageStarted'));
  });

  it('fails the deployment with the reason when the approval is rejected', async () => {
    const reply = await harness.request({ moduleName: 'refused', targetEnvironment: 'Staging' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    const { executionId } = reply;
    await harness.waitFor(executionId, 'DeploymentAwaitingApproval');
    await decide(executionId, {
      type: 'ApprovalRejected',
      data: { executionId, by: 'admin@example.com', reason: 'freeze', at: at() },
    });
    const events = await harness.waitFor(executionId, 'DeploymentFailed');
    expect(events.at(-1)?.data).toMatchObject({
      stage: null,
      reason: 'Approval rejected by admin@example.com: freeze',
    });
  });
});
