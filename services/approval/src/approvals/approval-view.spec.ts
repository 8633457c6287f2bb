import type { ApprovalEvent } from '@hotswap/contracts';
import { approvalView } from './approval-view.js';

const requested: ApprovalEvent = {
  type: 'ApprovalRequested',
  data: {
    executionId: 'e1',
    moduleName: 'orders',
    version: '2.0.0',
    targetEnvironment: 'Production',
    requesterEmail: 'dev@example.com',
    requiredApprovals: 2,
    expiresAt: '2026-01-02T00:00:00.000Z',
    requestedAt: '2026-01-01T00:00:00.000Z',
  },
};
const granted = (approver: string, comments: string, at: string): ApprovalEvent => ({
  type: 'ApprovalGranted',
  data: { executionId: 'e1', approver, comments, at },
});

describe('approvalView', () => {
  it('is undefined before a request', () => {
    expect(approvalView([])).toBeUndefined();
  });

  it('shows a pending request with the approvals so far and their comments', () => {
    expect(approvalView([requested, granted('ann@example.com', 'fine', 't1')])).toEqual({
      executionId: 'e1',
      moduleName: 'orders',
      version: '2.0.0',
      targetEnvironment: 'Production',
      requesterEmail: 'dev@example.com',
      status: 'Pending',
      requiredApprovals: 2,
      approvals: [{ approver: 'ann@example.com', comments: 'fine', at: 't1' }],
      requestedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-02T00:00:00.000Z',
    });
  });

  it('says when and by whom it was decided', () => {
    const approved = approvalView([
      requested,
      granted('ann@example.com', '', 't1'),
      granted('bob@example.com', 'go', 't2'),
      {
        type: 'ApprovalCompleted',
        data: { executionId: 'e1', approvers: ['ann@example.com', 'bob@example.com'], at: 't2' },
      },
    ]);
    expect(approved).toMatchObject({
      status: 'Approved',
      decidedAt: 't2',
      approvals: [
        { approver: 'ann@example.com', comments: '', at: 't1' },
        { approver: 'bob@example.com', comments: 'go', at: 't2' },
      ],
    });
    expect(
      approvalView([
        requested,
        {
          type: 'ApprovalRejected',
          data: { executionId: 'e1', by: 'bob@example.com', reason: 'not now', at: 't3' },
        },
      ]),
    ).toMatchObject({
      status: 'Rejected',
      rejectedBy: 'bob@example.com',
      reason: 'not now',
      decidedAt: 't3',
    });
    expect(
      approvalView([requested, { type: 'ApprovalExpired', data: { executionId: 'e1', at: 't4' } }]),
    ).toMatchObject({ status: 'Expired', decidedAt: 't4', approvals: [] });
  });
});
