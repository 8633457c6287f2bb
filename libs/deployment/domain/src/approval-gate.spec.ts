import type { DeploymentEvent } from '@hotswap/contracts';
import { DeciderSpecification, fold } from '@hotswap/decider';
import { deploymentDecider } from './deployment-decider.js';
import { react } from './deployment-workflow.js';

const spec = DeciderSpecification.for(deploymentDecider);
const executionId = 'exec-9';
const T0 = '2025-01-01T10:00:00.000Z';
const T1 = '2025-01-01T10:00:01.000Z';
const requested: DeploymentEvent = {
  type: 'DeploymentRequested',
  data: {
    executionId,
    moduleName: 'ledger',
    version: '3.0.0',
    targetEnvironment: 'Staging',
    requesterEmail: 'dev@example.com',
    requestedAt: T0,
    approvalRequired: true,
  },
};
const throughScan: DeploymentEvent[] = [
  requested,
  { type: 'DeploymentStarted', data: { executionId, startedAt: T0 } },
  { type: 'StageStarted', data: { executionId, stage: 'SecurityScan', startedAt: T0 } },
];
const scanned: DeploymentEvent = {
  type: 'StageSucceeded',
  data: { executionId, stage: 'SecurityScan', finishedAt: T1, message: 'ok' },
};
const waiting: DeploymentEvent = {
  type: 'DeploymentAwaitingApproval',
  data: { executionId, since: T1 },
};

describe('the approval gate', () => {
  it('stops a deployment that needs an approval before its deploy stage, and asks for one', () => {
    spec
      .given(throughScan)
      .when({
        type: 'CompleteStage',
        data: { stage: 'SecurityScan', at: T1, outcome: 'succeeded', message: 'ok' },
      })
      .then([scanned, waiting]);
    const state = fold(deploymentDecider, [...throughScan, scanned, waiting]);
    expect(state.status).toBe('PendingApproval');
    expect(react(waiting, state)).toMatchObject([
      { type: 'requestApproval', requesterEmail: 'dev@example.com' },
    ]);
  });

  it('starts the deploy stage once approved, naming the approvers', () => {
    spec
      .given([...throughScan, scanned, waiting])
      .when({
        type: 'RecordApproval',
        data: { outcome: 'approved', approvers: ['admin@example.com'], at: T1 },
      })
      .then([
        {
          type: 'DeploymentApproved',
          data: { executionId, approvers: ['admin@example.com'], approvedAt: T1 },
        },
        { type: 'StageStarted', data: { executionId, stage: 'DeployToStaging', startedAt: T1 } },
      ]);
  });

  it('fails the deployment when the approval is rejected or expires, saying so', () => {
    spec
      .given([...throughScan, scanned, waiting])
      .when({
        type: 'RecordApproval',
        data: { outcome: 'rejected', by: 'admin@example.com', reason: 'not this week', at: T1 },
      })
      .then([
        {
          type: 'DeploymentFailed',
          data: {
            executionId,
            failedAt: T1,
            stage: null,
            reason: 'Approval rejected by admin@example.com: not this week',
          },
        },
      ]);
    spec
      .given([...throughScan, scanned, waiting])
      .when({ type: 'RecordApproval', data: { outcome: 'expired', at: T1 } })
      .then([
        {
          type: 'DeploymentFailed',
          data: {
            executionId,
            failedAt: T1,
            stage: null,
            reason: 'Approval expired: no decision before its deadline',
          },
        },
      ]);
  });

  it('decides nothing for an outcome recorded again, or for a deployment not waiting', () => {
    const approved: DeploymentEvent[] = [
      ...throughScan,
      scanned,
      waiting,
      {
        type: 'DeploymentApproved',
        data: { executionId, approvers: ['admin@example.com'], approvedAt: T1 },
      },
    ];
    spec
      .given(approved)
      .when({ type: 'RecordApproval', data: { outcome: 'expired', at: T1 } })
      .thenNothingHappens();
  });
});
