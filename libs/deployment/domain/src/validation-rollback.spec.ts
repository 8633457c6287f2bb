import type { DeploymentEvent } from '@hotswap/contracts';
import { DeciderSpecification, fold } from '@hotswap/decider';
import { deploymentDecider } from './deployment-decider.js';
import { react } from './deployment-workflow.js';

/**
 * Issue 12, break 10: a Validation that fails after the rollout put the new version on the nodes
 * rolls them back, like any other failed deploy stage.
 */
const spec = DeciderSpecification.for(deploymentDecider);
const executionId = 'exec-1';
const T0 = '2026-12-07T10:00:00.000Z';
const T1 = '2026-12-07T10:00:01.000Z';
const T2 = '2026-12-07T10:00:02.000Z';
const reason = '1 of 3 nodes do not run payments 2.1.0: development-03 (1.0.0)';
const rolloutId = `${executionId}-rollback`;
const deployed: DeploymentEvent[] = [
  {
    type: 'DeploymentRequested',
    data: {
      executionId,
      moduleName: 'payments',
      version: '2.1.0',
      targetEnvironment: 'Development',
      requesterEmail: 'alice@example.com',
      requestedAt: T0,
    },
  },
  { type: 'DeploymentStarted', data: { executionId, startedAt: T0 } },
  ...(['Build', 'Test', 'SecurityScan', 'DeployToDevelopment'] as const).flatMap(
    (stage): DeploymentEvent[] => [
      { type: 'StageStarted', data: { executionId, stage, startedAt: T0 } },
      { type: 'StageSucceeded', data: { executionId, stage, finishedAt: T1, message: 'ok' } },
    ],
  ),
  { type: 'StageStarted', data: { executionId, stage: 'Validation', startedAt: T1 } },
];
const validationFailed: DeploymentEvent[] = [
  { type: 'StageFailed', data: { executionId, stage: 'Validation', finishedAt: T1, reason } },
  {
    type: 'DeploymentRollbackRequested',
    data: {
      executionId,
      rolloutId,
      requestedBy: 'service:orchestrator',
      requestedAt: T1,
      stage: 'Validation',
      reason,
    },
  },
];
const failValidation = {
  type: 'CompleteStage',
  data: { stage: 'Validation', at: T1, outcome: 'failed', reason },
} as const;

describe('a failed Validation', () => {
  it('rolls the nodes back instead of ending Failed with the new version on them', () => {
    spec.given(deployed).when(failValidation).then(validationFailed);
    const state = fold(deploymentDecider, [...deployed, ...validationFailed]);
    expect(state).toMatchObject({ status: 'RollingBack', rolloutId });
    // It keeps the slot it holds, and its rollback may put back whatever the nodes run now.
    expect(react(validationFailed[1]!, state)).toMatchObject([
      { type: 'queueRevert', rolloutId, onlyIfCurrent: false },
    ]);
  });

  it('ends RolledBack, naming Validation, once the nodes are back', () => {
    const reverted: DeploymentEvent = {
      type: 'DeploymentReverted',
      data: { executionId, rolloutId, revertedAt: T2, message: '3 nodes put back' },
    };
    spec
      .given([...deployed, ...validationFailed])
      .when({
        type: 'CompleteRevert',
        data: { outcome: 'reverted', message: '3 nodes put back', at: T2 },
      })
      .then([reverted]);
    const state = fold(deploymentDecider, [...deployed, ...validationFailed, reverted]);
    expect(state).toMatchObject({
      status: 'RolledBack',
      failedStage: 'Validation',
      reason: `${reason}; rolled back: 3 nodes put back`,
    });
    expect(react(reverted, state)).toMatchObject([{ type: 'releaseSlot' }]);
  });

  it('ends Failed, with both reasons, when the rollback fails', () => {
    const revertFailed: DeploymentEvent = {
      type: 'DeploymentRevertFailed',
      data: { executionId, rolloutId, failedAt: T2, reason: 'strategy-runner unavailable' },
    };
    const state = fold(deploymentDecider, [...deployed, ...validationFailed, revertFailed]);
    expect(state).toMatchObject({
      status: 'Failed',
      failedStage: 'Validation',
      reason: `${reason}; rolling back failed: strategy-runner unavailable`,
    });
    expect(react(revertFailed, state)).toMatchObject([{ type: 'releaseSlot' }]);
  });

  it('still fails a stage before the rollout without a rollback (nothing to put back)', () => {
    const scanning = deployed.slice(0, 7); // Build and Test succeeded, SecurityScan started
    spec
      .given(scanning)
      .when({
        type: 'CompleteStage',
        data: { stage: 'SecurityScan', at: T1, outcome: 'failed', reason: 'unsigned' },
      })
      .then([
        {
          type: 'StageFailed',
          data: { executionId, stage: 'SecurityScan', finishedAt: T1, reason: 'unsigned' },
        },
        {
          type: 'DeploymentFailed',
          data: { executionId, failedAt: T1, stage: 'SecurityScan', reason: 'unsigned' },
        },
      ]);
  });
});
