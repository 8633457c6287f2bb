import type { DeploymentEvent } from '@hotswap/contracts';
import { evolveDeploymentDocument, type DeploymentDocument } from './deployment-document.js';

const id = 'exec-1';
const at = (seconds: number) => new Date(Date.UTC(2025, 0, 1, 10, 0, seconds)).toISOString();

const requested: DeploymentEvent = {
  type: 'DeploymentRequested',
  data: {
    executionId: id,
    moduleName: 'payment-processor',
    version: '2.1.0',
    targetEnvironment: 'Development',
    requesterEmail: 'alice@example.com',
    requestedAt: at(0),
  },
};

function stageRun(stage: 'Build' | 'Test', from: number, to: number): DeploymentEvent[] {
  return [
    { type: 'StageStarted', data: { executionId: id, stage, startedAt: at(from) } },
    {
      type: 'StageSucceeded',
      data: { executionId: id, stage, finishedAt: at(to), message: `${stage} ok` },
    },
  ];
}

function fold(events: DeploymentEvent[]): DeploymentDocument | undefined {
  return events.reduce(evolveDeploymentDocument, undefined);
}

describe('the deployment document fold', () => {
  it('starts Pending with every stage of the pipeline listed as Pending', () => {
    expect(fold([requested])).toEqual({
      executionId: id,
      status: 'Pending',
      moduleName: 'payment-processor',
      moduleVersion: '2.1.0',
      targetEnvironment: 'Development',
      requesterEmail: 'alice@example.com',
      requestedBy: null,
      strategy: 'Direct',
      requestedAt: at(0),
      startTime: null,
      endTime: null,
      duration: null,
      stages: ['Build', 'Test', 'SecurityScan', 'DeployToDevelopment', 'Validation'].map(
        (name) => ({
          name,
          status: 'Pending',
          startTime: null,
          endTime: null,
          duration: null,
          message: null,
        }),
      ),
      message: 'Deployment requested',
    });
  });

  it('shows a queued deployment and whom it waits for, and starts it later', () => {
    const queued = fold([
      requested,
      { type: 'DeploymentQueued', data: { executionId: id, behind: 'exec-0', queuedAt: at(0) } },
    ]);
    expect(queued).toMatchObject({
      status: 'Queued',
      startTime: null,
      message: 'Queued behind deployment exec-0',
    });
    const started = evolveDeploymentDocument(queued, {
      type: 'DeploymentStarted',
      data: { executionId: id, startedAt: at(30) },
    });
    expect(started).toMatchObject({ status: 'Running', requestedAt: at(0), startTime: at(30) });
  });

  it('runs stages with their times, durations and messages, and completes', () => {
    const document = fold([
      requested,
      { type: 'DeploymentStarted', data: { executionId: id, startedAt: at(1) } },
      ...stageRun('Build', 1, 3),
      { type: 'StageStarted', data: { executionId: id, stage: 'Test', startedAt: at(3) } },
    ]);
    expect(document?.status).toBe('Running');
    expect(document?.startTime).toBe(at(1));
    expect(document?.message).toBe('Test running');
    expect(document?.stages[0]).toEqual({
      name: 'Build',
      status: 'Succeeded',
      startTime: at(1),
      endTime: at(3),
      duration: '00:00:02.000',
      message: 'Build ok',
    });
    expect(document?.stages[1]).toMatchObject({
      status: 'Running',
      startTime: at(3),
      endTime: null,
    });

    const completed = evolveDeploymentDocument(document, {
      type: 'DeploymentCompleted',
      data: { executionId: id, completedAt: at(75) },
    });
    expect(completed).toMatchObject({
      status: 'Completed',
      endTime: at(75),
      // From the start, not the request: waiting in a queue is not deploying.
      duration: '00:01:14.000',
      message: 'Deployment completed',
    });
  });

  it('fails with the reason, failing the running stage and leaving the rest Pending', () => {
    const document = fold([
      requested,
      { type: 'DeploymentStarted', data: { executionId: id, startedAt: at(0) } },
      ...stageRun('Build', 0, 1),
      { type: 'StageStarted', data: { executionId: id, stage: 'Test', startedAt: at(1) } },
      {
        type: 'StageFailed',
        data: { executionId: id, stage: 'Test', finishedAt: at(2), reason: '3 tests failed' },
      },
      {
        type: 'DeploymentFailed',
        data: {
          executionId: id,
          failedAt: at(2),
          stage: 'Test',
          reason: 'Test failed: 3 tests failed',
        },
      },
    ]);
    expect(document).toMatchObject({
      status: 'Failed',
      endTime: at(2),
      duration: '00:00:02.000',
      message: 'Test failed: 3 tests failed',
    });
    expect(document?.stages.map((s) => [s.name, s.status, s.message])).toEqual([
      ['Build', 'Succeeded', 'Build ok'],
      ['Test', 'Failed', '3 tests failed'],
      ['SecurityScan', 'Pending', null],
      ['DeployToDevelopment', 'Pending', null],
      ['Validation', 'Pending', null],
    ]);
  });

  it('marks a stage still running when the deployment failed in it as failed', () => {
    const document = fold([
      requested,
      { type: 'StageStarted', data: { executionId: id, stage: 'Build', startedAt: at(0) } },
      {
        type: 'DeploymentFailed',
        data: { executionId: id, failedAt: at(4), stage: 'Build', reason: 'timed out' },
      },
    ]);
    expect(document?.stages[0]).toMatchObject({
      status: 'Failed',
      duration: '00:00:04.000',
      message: 'timed out',
    });
  });

  it('ends RolledBack with the reason, failing the stage the rollout turned back in', () => {
    const document = fold([
      requested,
      { type: 'DeploymentStarted', data: { executionId: id, startedAt: at(0) } },
      ...stageRun('Build', 0, 1),
      {
        type: 'StageStarted',
        data: { executionId: id, stage: 'DeployToDevelopment', startedAt: at(1) },
      },
      {
        type: 'DeploymentRolledBack',
        data: {
          executionId: id,
          rolledBackAt: at(3),
          stage: 'DeployToDevelopment',
          reason: 'development-02 failed to install',
        },
      },
    ]);
    expect(document).toMatchObject({
      status: 'RolledBack',
      endTime: at(3),
      duration: '00:00:03.000',
      message: 'development-02 failed to install',
    });
    expect(document?.stages.find((s) => s.name === 'DeployToDevelopment')).toMatchObject({
      status: 'Failed',
      duration: '00:00:02.000',
    });
  });

  it('rolls back after a failed Validation, then ends RolledBack, or Failed if that fails', () => {
    const reason = '1 of 3 nodes do not run payment-processor 2.1.0';
    const rollingBack = [
      requested,
      { type: 'DeploymentStarted', data: { executionId: id, startedAt: at(0) } },
      { type: 'StageStarted', data: { executionId: id, stage: 'Validation', startedAt: at(1) } },
      {
        type: 'StageFailed',
        data: { executionId: id, stage: 'Validation', finishedAt: at(2), reason },
      },
      {
        type: 'DeploymentRollbackRequested',
        data: {
          executionId: id,
          rolloutId: `${id}-rollback`,
          requestedBy: 'service:orchestrator',
          requestedAt: at(2),
          stage: 'Validation',
          reason,
        },
      },
    ] satisfies DeploymentEvent[];
    expect(fold(rollingBack)).toMatchObject({
      status: 'RollingBack',
      endTime: null,
      message: `Validation failed: ${reason}; rolling the nodes back to the versions before it`,
    });
    const rolloutId = `${id}-rollback`;
    expect(
      fold([
        ...rollingBack,
        {
          type: 'DeploymentReverted',
          data: { executionId: id, rolloutId, revertedAt: at(4), message: '3 nodes put back' },
        },
      ]),
    ).toMatchObject({ status: 'RolledBack', endTime: at(4), duration: '00:00:04.000' });
    expect(
      fold([
        ...rollingBack,
        {
          type: 'DeploymentRevertFailed',
          data: { executionId: id, rolloutId, failedAt: at(4), reason: 'no answer' },
        },
      ]),
    ).toMatchObject({ status: 'Failed', endTime: at(4), message: 'Rollback failed: no answer' });
  });

  it('ignores events before the request, a second request, and types it does not know', () => {
    expect(
      fold([{ type: 'DeploymentStarted', data: { executionId: id, startedAt: at(0) } }]),
    ).toBeUndefined();
    const document = fold([requested]);
    expect(evolveDeploymentDocument(document, requested)).toBe(document);
    const unknown = { type: 'DeploymentArchived', data: {} } as unknown as DeploymentEvent;
    expect(evolveDeploymentDocument(document, unknown)).toBe(document);
  });
});
