import type { DeploymentEvent } from '@hotswap/contracts';
import { fold } from '@hotswap/decider';
import { deploymentDecider } from './deployment-decider.js';
import { runningStage } from './deployment-state.js';

const executionId = 'exec-1';
const requested: DeploymentEvent = {
  type: 'DeploymentRequested',
  data: {
    executionId,
    moduleName: 'payment-processor',
    version: '2.1.0',
    targetEnvironment: 'QA',
    requesterEmail: 'alice@example.com',
    requestedAt: 'T0',
  },
};

describe('the deployment state', () => {
  it('starts with every stage of the environment pending', () => {
    const state = fold(deploymentDecider, [requested]);
    expect(state).toMatchObject({
      status: 'Pending',
      environment: 'QA',
      moduleName: 'payment-processor',
    });
    expect(state.status !== 'none' && state.stages.map((s) => [s.name, s.status])).toEqual([
      ['Build', 'Pending'],
      ['Test', 'Pending'],
      ['SecurityScan', 'Pending'],
      ['DeployToQA', 'Pending'],
      ['Validation', 'Pending'],
    ]);
  });

  it('follows a queued deployment that starts, runs a stage and fails', () => {
    const events: DeploymentEvent[] = [
      requested,
      { type: 'DeploymentQueued', data: { executionId, behind: 'exec-0', queuedAt: 'T1' } },
    ];
    expect(fold(deploymentDecider, events)).toMatchObject({ status: 'Queued', behind: 'exec-0' });

    events.push(
      { type: 'DeploymentStarted', data: { executionId, startedAt: 'T2' } },
      { type: 'StageStarted', data: { executionId, stage: 'Build', startedAt: 'T2' } },
    );
    const running = fold(deploymentDecider, events);
    expect(running).toMatchObject({ status: 'Running', startedAt: 'T2' });
    expect(running).not.toHaveProperty('behind');
    expect(runningStage(running)).toBe('Build');

    events.push(
      {
        type: 'StageFailed',
        data: { executionId, stage: 'Build', finishedAt: 'T3', reason: 'compiler crashed' },
      },
      {
        type: 'DeploymentFailed',
        data: { executionId, failedAt: 'T3', stage: 'Build', reason: 'compiler crashed' },
      },
    );
    const failed = fold(deploymentDecider, events);
    expect(failed).toMatchObject({
      status: 'Failed',
      startedAt: 'T2',
      failedAt: 'T3',
      failedStage: 'Build',
      reason: 'compiler crashed',
    });
    expect(failed.status !== 'none' && failed.stages[0]).toEqual({
      name: 'Build',
      status: 'Failed',
      startedAt: 'T2',
      finishedAt: 'T3',
      message: 'compiler crashed',
    });
    expect(runningStage(failed)).toBeUndefined();
  });

  it('ignores events that do not fit the state instead of throwing on replay', () => {
    const stray: DeploymentEvent = {
      type: 'DeploymentStarted',
      data: { executionId, startedAt: 'T' },
    };
    expect(fold(deploymentDecider, [stray])).toEqual({ status: 'none' });
    const twice = fold(deploymentDecider, [requested, requested]);
    expect(twice).toEqual(fold(deploymentDecider, [requested]));
  });
});
