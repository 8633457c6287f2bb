import type { DeploymentEvent } from '@hotswap/contracts';
import { publicDataOf } from './public-data.js';

const executionId = 'd-1';
const at = '2026-11-22T10:00:04.012Z';

/** A recorded event of each type, as the orchestrator records it, and what subscribers get. */
const cases: readonly (readonly [DeploymentEvent, object])[] = [
  [
    {
      type: 'DeploymentRequested',
      data: {
        executionId,
        moduleName: 'payment-processor',
        version: '2.1.0',
        targetEnvironment: 'Production',
        requesterEmail: 'dana@example.com',
        requestedBy: 'dana',
        requestedAt: at,
        approvalRequired: true,
        overrides: { waves: [10, 100] },
      },
    },
    {
      moduleName: 'payment-processor',
      version: '2.1.0',
      environment: 'Production',
      strategy: 'Canary',
      approvalRequired: true,
      requestedBy: 'dana',
    },
  ],
  [
    { type: 'DeploymentQueued', data: { executionId, behind: 'd-0', queuedAt: at } },
    { behind: 'd-0' },
  ],
  [{ type: 'DeploymentStarted', data: { executionId, startedAt: at } }, {}],
  [
    { type: 'StageStarted', data: { executionId, stage: 'Build', startedAt: at } },
    { stage: 'Build' },
  ],
  [
    {
      type: 'StageSucceeded',
      data: { executionId, stage: 'Test', finishedAt: at, message: '42 tests passed' },
    },
    { stage: 'Test', message: '42 tests passed' },
  ],
  [
    {
      type: 'StageFailed',
      data: { executionId, stage: 'SecurityScan', finishedAt: at, reason: 'unsigned module' },
    },
    { stage: 'SecurityScan', reason: 'unsigned module' },
  ],
  [{ type: 'DeploymentCompleted', data: { executionId, completedAt: at } }, {}],
  [
    {
      type: 'DeploymentFailed',
      data: { executionId, failedAt: at, stage: null, reason: 'Approval expired' },
    },
    { stage: null, reason: 'Approval expired' },
  ],
  [{ type: 'DeploymentAwaitingApproval', data: { executionId, since: at } }, {}],
  [
    { type: 'DeploymentApproved', data: { executionId, approvers: ['ann', 'bo'], approvedAt: at } },
    { approvers: ['ann', 'bo'] },
  ],
  [
    {
      type: 'DeploymentRollbackRequested',
      data: { executionId, rolloutId: 'r-9', requestedBy: 'dana', requestedAt: at },
    },
    { rolloutId: 'r-9', requestedBy: 'dana' },
  ],
  [
    {
      type: 'DeploymentReverted',
      data: { executionId, rolloutId: 'r-9', revertedAt: at, message: '3 nodes reverted' },
    },
    { rolloutId: 'r-9', message: '3 nodes reverted' },
  ],
  [
    {
      type: 'DeploymentRevertFailed',
      data: { executionId, rolloutId: 'r-9', failedAt: at, reason: 'node p-2 did not answer' },
    },
    { rolloutId: 'r-9', reason: 'node p-2 did not answer' },
  ],
  [
    {
      type: 'DeploymentRolledBack',
      data: {
        executionId,
        rolledBackAt: at,
        stage: 'DeployToProduction',
        reason: 'wave 1 failed: errorRate high',
      },
    },
    { stage: 'DeployToProduction', reason: 'wave 1 failed: errorRate high' },
  ],
];

describe('public data of deployment events', () => {
  it.each(cases.map(([event, expected]) => ({ type: event.type, event, expected })))(
    '$type',
    ({ event, expected }) => {
      expect(publicDataOf('deployment', event.type, event.data)).toStrictEqual(expected);
    },
  );

  it("takes the environment's strategy when the request named none, and no approval or user", () => {
    expect(
      publicDataOf('deployment', 'DeploymentRequested', {
        executionId,
        moduleName: 'catalog',
        version: '1.0.0',
        targetEnvironment: 'QA',
        requesterEmail: 'a@example.com',
        requestedAt: at,
      } satisfies Extract<DeploymentEvent, { type: 'DeploymentRequested' }>['data']),
    ).toStrictEqual({
      moduleName: 'catalog',
      version: '1.0.0',
      environment: 'QA',
      strategy: 'Rolling',
      approvalRequired: false,
      requestedBy: null,
    });
  });
});
