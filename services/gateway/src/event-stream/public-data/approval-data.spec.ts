import type { ApprovalEvent } from '@hotswap/contracts';
import { publicDataOf } from './public-data.js';

const executionId = 'd-1';
const at = '2026-11-22T10:00:04.012Z';

/** A recorded event of each type, as the approval service records it, and what subscribers get. */
const cases: readonly (readonly [ApprovalEvent, object])[] = [
  [
    {
      type: 'ApprovalRequested',
      data: {
        executionId,
        moduleName: 'payment-processor',
        version: '2.1.0',
        targetEnvironment: 'Staging',
        requesterEmail: 'dana@example.com',
        requestedBy: 'dana',
        requiredApprovals: 2,
        expiresAt: '2026-11-23T10:00:04.012Z',
        requestedAt: at,
      },
    },
    {
      moduleName: 'payment-processor',
      version: '2.1.0',
      environment: 'Staging',
      requestedBy: 'dana',
      requiredApprovals: 2,
      expiresAt: '2026-11-23T10:00:04.012Z',
    },
  ],
  [
    { type: 'ApprovalGranted', data: { executionId, approver: 'ann', comments: 'ok', at } },
    { approver: 'ann', comments: 'ok' },
  ],
  [
    { type: 'ApprovalCompleted', data: { executionId, approvers: ['ann', 'bo'], at } },
    { approvers: ['ann', 'bo'] },
  ],
  [
    { type: 'ApprovalRejected', data: { executionId, by: 'bo', reason: 'change freeze', at } },
    { rejectedBy: 'bo', reason: 'change freeze' },
  ],
  [{ type: 'ApprovalExpired', data: { executionId, at } }, {}],
];

describe('public data of approval events', () => {
  it.each(cases.map(([event, expected]) => ({ type: event.type, event, expected })))(
    '$type',
    ({ event, expected }) => {
      expect(publicDataOf('approval', event.type, event.data)).toStrictEqual(expected);
    },
  );

  it('says null for the user of a request recorded before logins', () => {
    const { requestedBy: _, ...before } = (
      cases[0]![0] as Extract<ApprovalEvent, { type: 'ApprovalRequested' }>
    ).data;
    expect(publicDataOf('approval', 'ApprovalRequested', before)).toMatchObject({
      requestedBy: null,
    });
  });
});
