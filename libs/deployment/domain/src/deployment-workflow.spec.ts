import type { DeploymentEvent } from '@hotswap/contracts';
import { fold } from '@hotswap/decider';
import { deploymentDecider } from './deployment-decider.js';
import { react } from './deployment-workflow.js';

const executionId = 'exec-1';
const requested: DeploymentEvent = {
  type: 'DeploymentRequested',
  data: {
    executionId,
    moduleName: 'payment-processor',
    version: '2.1.0',
    targetEnvironment: 'Production',
    requesterEmail: 'alice@example.com',
    requestedAt: 'T0',
  },
};
const deployment = {
  executionId,
  moduleName: 'payment-processor',
  version: '2.1.0',
  environment: 'Production',
};
const startedAt = 'T1';
const started: DeploymentEvent = { type: 'DeploymentStarted', data: { executionId, startedAt } };
const stageStarted = (
  stage: 'Build' | 'Test' | 'SecurityScan' | 'DeployToProduction' | 'Validation',
): DeploymentEvent => ({ type: 'StageStarted', data: { executionId, stage, startedAt } });
const succeeded = (
  stage: 'Build' | 'Test' | 'SecurityScan' | 'DeployToProduction' | 'Validation',
): DeploymentEvent => ({
  type: 'StageSucceeded',
  data: { executionId, stage, finishedAt: 'T2', message: 'ok' },
});

/** react() to the last of `history`, seeing the state after all of it. */
const reactTo = (history: DeploymentEvent[], upTo = history.length) =>
  react(history[upTo - 1]!, fold(deploymentDecider, history));

describe('the deployment workflow', () => {
  it('asks for a slot when a deployment is requested', () => {
    expect(reactTo([requested])).toEqual([{ type: 'acquireSlot', deployment }]);
  });

  it('does not ask again once the deployment was queued or started (a redelivered request)', () => {
    const queued: DeploymentEvent = {
      type: 'DeploymentQueued',
      data: { executionId, behind: 'exec-0', queuedAt: 'T1' },
    };
    expect(reactTo([requested, queued], 1)).toEqual([]);
    expect(reactTo([requested, started, stageStarted('Build')], 1)).toEqual([]);
  });

  it('runs each stage with the work it takes', () => {
    const history = [requested, started, stageStarted('Build')];
    expect(reactTo(history)).toEqual([
      { type: 'runStage', deployment, stage: 'Build', work: { kind: 'simulate' } },
    ]);
    history.push(succeeded('Build'), stageStarted('Test'));
    expect(reactTo(history)).toEqual([
      { type: 'runStage', deployment, stage: 'Test', work: { kind: 'simulate' } },
    ]);
    history.push(succeeded('Test'), stageStarted('SecurityScan'));
    expect(reactTo(history)).toEqual([
      {
        type: 'runStage',
        deployment,
        stage: 'SecurityScan',
        work: { kind: 'securityScan' },
      },
    ]);
    history.push(succeeded('SecurityScan'), stageStarted('DeployToProduction'));
    expect(reactTo(history)).toEqual([
      {
        type: 'runStage',
        deployment,
        stage: 'DeployToProduction',
        work: { kind: 'rollout', strategy: 'Canary' },
      },
    ]);
    history.push(succeeded('DeployToProduction'), stageStarted('Validation'));
    expect(reactTo(history)).toEqual([
      { type: 'runStage', deployment, stage: 'Validation', work: { kind: 'validate' } },
    ]);
  });

  it('does not run a stage again once it finished (a redelivered StageStarted)', () => {
    const history = [
      requested,
      started,
      stageStarted('Build'),
      succeeded('Build'),
      stageStarted('Test'),
    ];
    expect(reactTo(history, 3)).toEqual([]);
  });

  it('does nothing for the events that only record progress', () => {
    const history = [requested, started, stageStarted('Build'), succeeded('Build')];
    expect(reactTo(history, 2)).toEqual([]);
    expect(reactTo(history)).toEqual([]);
  });

  it('releases the slot when the deployment completes or fails, again on a redelivery', () => {
    const failedEvents: DeploymentEvent[] = [
      requested,
      started,
      stageStarted('Build'),
      {
        type: 'StageFailed',
        data: { executionId, stage: 'Build', finishedAt: 'T2', reason: 'broken' },
      },
      {
        type: 'DeploymentFailed',
        data: { executionId, failedAt: 'T2', stage: 'Build', reason: 'broken' },
      },
    ];
    expect(reactTo(failedEvents)).toEqual([{ type: 'releaseSlot', deployment }]);
    expect(reactTo(failedEvents, 4)).toEqual([]);
    const completed: DeploymentEvent = {
      type: 'DeploymentCompleted',
      data: { executionId, completedAt: 'T3' },
    };
    expect(react(completed, fold(deploymentDecider, [requested, started]))).toEqual([
      { type: 'releaseSlot', deployment },
    ]);
  });

  it('does nothing for a deployment it does not know', () => {
    expect(react(requested, { status: 'none' })).toEqual([]);
  });
});
