import type { ApprovalEvent } from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated, fold } from '@hotswap/decider';
import type { RequestApproval } from './approval-command.js';
import { approvalDecider } from './approval-decider.js';

const spec = DeciderSpecification.for(approvalDecider);
const executionId = 'e1';
const requestedAt = '2026-11-23T10:00:00.000Z';
const expiresAt = '2026-11-24T10:00:00.000Z';
const beforeExpiry = '2026-11-23T12:00:00.000Z';
const DAY_MS = 24 * 60 * 60_000;

const request = (data: Partial<RequestApproval['data']> = {}): RequestApproval => ({
  type: 'RequestApproval',
  data: {
    executionId,
    moduleName: 'payments',
    version: '2.0.0',
    targetEnvironment: 'Production',
    requesterEmail: 'dev@example.com',
    requiredApprovals: 1,
    ttlMs: DAY_MS,
    at: requestedAt,
    ...data,
  },
});
const requested = (requiredApprovals = 1, expires = expiresAt): ApprovalEvent => ({
  type: 'ApprovalRequested',
  data: {
    executionId,
    moduleName: 'payments',
    version: '2.0.0',
    targetEnvironment: 'Production',
    requesterEmail: 'dev@example.com',
    requiredApprovals,
    expiresAt: expires,
    requestedAt,
  },
});
const approve = (approver: string, at = beforeExpiry, comments = 'looks good') =>
  ({ type: 'Approve', data: { approver, comments, at } }) as const;
const granted = (approver: string, at = beforeExpiry, comments = 'looks good'): ApprovalEvent => ({
  type: 'ApprovalGranted',
  data: { executionId, approver, comments, at },
});
const completed = (approvers: string[], at = beforeExpiry): ApprovalEvent => ({
  type: 'ApprovalCompleted',
  data: { executionId, approvers, at },
});
const reject = (by: string, reason = 'not during the sale', at = beforeExpiry) =>
  ({ type: 'Reject', data: { by, reason, at } }) as const;
const rejected = (
  by: string,
  reason = 'not during the sale',
  at = beforeExpiry,
): ApprovalEvent => ({
  type: 'ApprovalRejected',
  data: { executionId, by, reason, at },
});
const expire = (at: string) => ({ type: 'Expire', data: { at } }) as const;
const expired = (at = expiresAt): ApprovalEvent => ({
  type: 'ApprovalExpired',
  data: { executionId, at },
});

/** The refusal names `rule`, and its message (what the API answers with 409) matches `message`. */
const refusedBy = (rule: string, message?: RegExp) => (e: Error) =>
  e instanceof DomainRuleViolated && e.rule === rule && (message?.test(e.message) ?? true);

describe('requesting an approval', () => {
  it('records the request with its expiry, ttl after the request', () => {
    spec.given([]).when(request()).then([requested()]);
    spec
      .given([])
      .when(request({ ttlMs: 1_000 }))
      .then([requested(1, '2026-11-23T10:00:01.000Z')]);
  });

  it('decides nothing when the same deployment asks again, even later, and refuses other data', () => {
    spec.given([requested()]).when(request()).thenNothingHappens();
    spec
      .given([requested()])
      .when(request({ at: beforeExpiry, requesterEmail: 'DEV@example.com' }))
      .thenNothingHappens();
    spec
      .given([requested(), granted('ops@example.com'), completed(['ops@example.com'])])
      .when(request())
      .thenNothingHappens();
    spec
      .given([requested()])
      .when(request({ version: '3.0.0' }))
      .thenThrows(refusedBy('one-approval-per-deployment', /payments 2\.0\.0 to Production/));
    spec
      .given([requested()])
      .when(request({ requiredApprovals: 2 }))
      .thenThrows(refusedBy('one-approval-per-deployment'));
  });

  it('needs at least one approver, a ttl in range and a readable time', () => {
    for (const requiredApprovals of [0, -1, 1.5]) {
      spec
        .given([])
        .when(request({ requiredApprovals }))
        .thenThrows(refusedBy('required-approvals-at-least-one'));
    }
    for (const ttlMs of [0, 31 * DAY_MS]) {
      spec.given([]).when(request({ ttlMs })).thenThrows(refusedBy('approval-ttl-in-range'));
    }
    spec
      .given([])
      .when(request({ at: 'tomorrow' }))
      .thenThrows(refusedBy('time-is-iso-8601', /'tomorrow'/));
  });
});

describe('approving', () => {
  it('completes with one approval when one is required', () => {
    spec
      .given([requested()])
      .when(approve('ops@example.com'))
      .then([granted('ops@example.com'), completed(['ops@example.com'])]);
  });

  it('needs N distinct approvers when N are required, and lists them in order', () => {
    spec
      .given([requested(2)])
      .when(approve('ann@example.com'))
      .then([granted('ann@example.com')]);
    spec
      .given([requested(2), granted('ann@example.com')])
      .when(approve('bob@example.com'))
      .then([granted('bob@example.com'), completed(['ann@example.com', 'bob@example.com'])]);
  });

  it('refuses the requester’s own approval, whatever the case of the email', () => {
    for (const approver of ['dev@example.com', ' Dev@Example.COM ']) {
      spec
        .given([requested()])
        .when(approve(approver))
        .thenThrows(refusedBy('no-self-approval', /cannot approve it: another approver must/));
    }
  });

  it('refuses the approval of the user who asked, whose login is not their email', () => {
    const byDeployer: ApprovalEvent = {
      type: 'ApprovalRequested',
      data: { ...(requested().data as object), requestedBy: 'dana' } as never,
    };
    spec
      .given([byDeployer])
      .when(approve('dana'))
      .thenThrows(refusedBy('no-self-approval', /dana requested deployment e1/));
    spec
      .given([byDeployer])
      .when(approve('ann'))
      .then([granted('ann'), completed(['ann'])]);
  });

  it('records who asked when the request says so', () => {
    spec
      .given([])
      .when(request({ requestedBy: 'dana' }))
      .then([
        { ...requested(), data: { ...(requested().data as object), requestedBy: 'dana' } } as never,
      ]);
  });

  it('refuses a second approval by the same approver', () => {
    spec
      .given([requested(2), granted('ann@example.com')])
      .when(approve('ANN@example.com'))
      .thenThrows(refusedBy('one-approval-per-approver', /already approved.*\(1 of 2 approvals\)/));
  });

  it('refuses an approval once approved, rejected or expired, saying which', () => {
    spec
      .given([
        requested(2),
        granted('ann@x.io'),
        granted('bob@x.io'),
        completed(['ann@x.io', 'bob@x.io']),
      ])
      .when(approve('cid@x.io'))
      .thenThrows(
        refusedBy('approval-already-approved', /already approved by ann@x\.io, bob@x\.io$/),
      );
    spec
      .given([requested(), rejected('ann@x.io')])
      .when(approve('bob@x.io'))
      .thenThrows(
        refusedBy('approval-already-rejected', /rejected by ann@x\.io: not during the sale$/),
      );
    spec
      .given([requested(), expired()])
      .when(approve('bob@x.io'))
      .thenThrows(refusedBy('approval-expired', new RegExp(`expired at ${expiresAt}$`)));
  });

  it('refuses an approval at or after the expiry, before the timer has fired', () => {
    for (const at of [expiresAt, '2026-11-25T00:00:00.000Z']) {
      spec
        .given([requested()])
        .when(approve('ops@example.com', at))
        .thenThrows(refusedBy('approval-expired', /expired at 2026-11-24T10:00:00\.000Z/));
    }
    spec
      .given([requested()])
      .when(approve('ops@example.com', '2026-11-24T09:59:59.999Z'))
      .then([
        granted('ops@example.com', '2026-11-24T09:59:59.999Z'),
        completed(['ops@example.com'], '2026-11-24T09:59:59.999Z'),
      ]);
  });

  it('needs an approver’s name and a request to approve', () => {
    spec.given([requested()]).when(approve('  ')).thenThrows(refusedBy('decider-named'));
    spec.given([]).when(approve('ops@example.com')).thenThrows(refusedBy('approval-not-found'));
  });
});

describe('rejecting', () => {
  it('records who rejected and why, even after some approvals', () => {
    spec
      .given([requested()])
      .when(reject('ops@example.com'))
      .then([rejected('ops@example.com')]);
    spec
      .given([requested(2), granted('ann@x.io')])
      .when(reject('bob@x.io', 'wrong version'))
      .then([rejected('bob@x.io', 'wrong version')]);
  });

  it('lets the requester withdraw their own request', () => {
    spec
      .given([requested()])
      .when(reject('dev@example.com'))
      .then([rejected('dev@example.com')]);
  });

  it('refuses a rejection once approved, rejected or expired, saying which', () => {
    spec
      .given([requested(), granted('ann@x.io'), completed(['ann@x.io'])])
      .when(reject('bob@x.io'))
      .thenThrows(refusedBy('approval-already-approved', /already approved by ann@x\.io$/));
    spec
      .given([requested(), rejected('ann@x.io')])
      .when(reject('ann@x.io'))
      .thenThrows(refusedBy('approval-already-rejected', /rejected by ann@x\.io/));
    spec
      .given([requested(), expired()])
      .when(reject('bob@x.io'))
      .thenThrows(refusedBy('approval-expired'));
    spec
      .given([requested()])
      .when(reject('bob@x.io', 'too late', expiresAt))
      .thenThrows(refusedBy('approval-expired'));
  });

  it('needs a name and a reason', () => {
    spec.given([requested()]).when(reject('', 'why not')).thenThrows(refusedBy('decider-named'));
    spec
      .given([requested()])
      .when(reject('ops@x.io', ' '))
      .thenThrows(refusedBy('rejection-has-reason'));
    spec.given([]).when(reject('ops@x.io')).thenThrows(refusedBy('approval-not-found'));
  });
});

describe('expiring', () => {
  const late = '2026-11-24T10:00:05.000Z';

  it('records the expiry when the timer fires at or after the deadline', () => {
    spec.given([requested()]).when(expire(expiresAt)).then([expired()]);
    spec
      .given([requested(2), granted('ann@x.io')])
      .when(expire(late))
      .then([expired(late)]);
  });

  it('decides nothing when the timer fires early or twice', () => {
    spec.given([requested()]).when(expire('2026-11-24T09:59:59.999Z')).thenNothingHappens();
    spec.given([requested(), expired()]).when(expire(late)).thenNothingHappens();
  });

  it('decides nothing once approved or rejected', () => {
    spec
      .given([requested(), granted('ann@x.io'), completed(['ann@x.io'])])
      .when(expire(late))
      .thenNothingHappens();
    spec
      .given([requested(), rejected('ann@x.io')])
      .when(expire(late))
      .thenNothingHappens();
  });

  it('refuses a timer for an approval never requested', () => {
    spec.given([]).when(expire(late)).thenThrows(refusedBy('approval-not-found'));
  });
});

describe('the approval state', () => {
  it('folds each way an approval ends', () => {
    expect(fold(approvalDecider, [requested(2), granted('ann@x.io')])).toMatchObject({
      status: 'Pending',
      environment: 'Production',
      expiresAt,
      approvers: ['ann@x.io'],
    });
    expect(
      fold(approvalDecider, [requested(), granted('ann@x.io'), completed(['ann@x.io'])]),
    ).toMatchObject({ status: 'Approved', approvers: ['ann@x.io'], approvedAt: beforeExpiry });
    expect(fold(approvalDecider, [requested(), rejected('ann@x.io')])).toMatchObject({
      status: 'Rejected',
      rejectedBy: 'ann@x.io',
      reason: 'not during the sale',
    });
    expect(fold(approvalDecider, [requested(), expired()])).toMatchObject({
      status: 'Expired',
      expiredAt: expiresAt,
    });
  });

  it('ignores events that do not fit, so a replay never throws', () => {
    const approved = fold(approvalDecider, [
      requested(),
      granted('ann@x.io'),
      completed(['ann@x.io']),
    ]);
    expect(
      fold(approvalDecider, [
        requested(),
        granted('ann@x.io'),
        completed(['ann@x.io']),
        granted('bob@x.io'),
        rejected('bob@x.io'),
        expired(),
        requested(3),
      ]),
    ).toEqual(approved);
    expect(fold(approvalDecider, [granted('ann@x.io'), expired()])).toEqual({ status: 'none' });
  });
});
