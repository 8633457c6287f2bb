import type { DeploymentEvent } from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated } from '@hotswap/decider';
import type { DeploymentCommand } from './deployment-command.js';
import { deploymentDecider } from './deployment-decider.js';

const spec = DeciderSpecification.for(deploymentDecider);
const executionId = 'exec-1';
const T0 = '2025-01-01T10:00:00.000Z';
const T1 = '2025-01-01T10:00:01.000Z';
const T2 = '2025-01-01T10:00:02.000Z';

const request = {
  type: 'RequestDeployment',
  data: {
    executionId,
    moduleName: 'payment-processor',
    version: '2.1.0',
    targetEnvironment: 'Development',
    requesterEmail: 'alice@example.com',
    requestedAt: T0,
  },
} satisfies DeploymentCommand;
const requested: DeploymentEvent = { type: 'DeploymentRequested', data: request.data };
const started: DeploymentEvent[] = [
  { type: 'DeploymentStarted', data: { executionId, startedAt: T1 } },
  { type: 'StageStarted', data: { executionId, stage: 'Build', startedAt: T1 } },
];
const passed = (
  stage: 'Build' | 'Test' | 'SecurityScan' | 'DeployToDevelopment',
  next: 'Test' | 'SecurityScan' | 'DeployToDevelopment' | 'Validation',
): DeploymentEvent[] => [
  { type: 'StageSucceeded', data: { executionId, stage, finishedAt: T1, message: 'ok' } },
  { type: 'StageStarted', data: { executionId, stage: next, startedAt: T1 } },
];
const upToValidation: DeploymentEvent[] = [
  requested,
  ...started,
  ...passed('Build', 'Test'),
  ...passed('Test', 'SecurityScan'),
  ...passed('SecurityScan', 'DeployToDevelopment'),
  ...passed('DeployToDevelopment', 'Validation'),
];
const completed: DeploymentEvent[] = [
  ...upToValidation,
  {
    type: 'StageSucceeded',
    data: { executionId, stage: 'Validation', finishedAt: T2, message: 'ok' },
  },
  { type: 'DeploymentCompleted', data: { executionId, completedAt: T2 } },
];
const ruleIs = (rule: string) => (error: Error) =>
  error instanceof DomainRuleViolated && error.rule === rule;

describe('RequestDeployment', () => {
  it('records the request', () => {
    spec.given([]).when(request).then([requested]);
  });

  it('decides nothing when the same request arrives again, whatever has happened since', () => {
    const retry = { ...request, data: { ...request.data, requestedAt: T2 } };
    spec.given([requested]).when(retry).thenNothingHappens();
    spec.given(completed).when(retry).thenNothingHappens();
  });

  it('refuses another request under a taken execution id', () => {
    spec
      .given([requested])
      .when({ ...request, data: { ...request.data, version: '2.2.0' } })
      .thenThrows(ruleIs('execution-id-taken'));
    spec
      .given([requested])
      .when({ ...request, data: { ...request.data, targetEnvironment: 'QA' } })
      .thenThrows(ruleIs('execution-id-taken'));
  });
});

describe('QueueDeployment', () => {
  const queue: DeploymentCommand = { type: 'QueueDeployment', data: { behind: 'exec-0', at: T1 } };
  const queued: DeploymentEvent = {
    type: 'DeploymentQueued',
    data: { executionId, behind: 'exec-0', queuedAt: T1 },
  };

  it('queues a pending deployment behind the one that holds the slot', () => {
    spec.given([requested]).when(queue).then([queued]);
  });

  it('decides nothing once the deployment is queued, running or finished', () => {
    spec.given([requested, queued]).when(queue).thenNothingHappens();
    spec
      .given([requested, ...started])
      .when(queue)
      .thenNothingHappens();
    spec.given(completed).when(queue).thenNothingHappens();
  });

  it('refuses an unknown deployment', () => {
    spec.given([]).when(queue).thenThrows(ruleIs('deployment-not-found'));
  });
});

describe('StartDeployment', () => {
  const start: DeploymentCommand = { type: 'StartDeployment', data: { at: T1 } };

  it('starts a pending deployment with its first stage, Build', () => {
    spec.given([requested]).when(start).then(started);
  });

  it('starts a queued deployment when its turn comes', () => {
    spec
      .given([
        requested,
        { type: 'DeploymentQueued', data: { executionId, behind: 'exec-0', queuedAt: T0 } },
      ])
      .when(start)
      .then(started);
  });

  it('decides nothing for a deployment that already started or finished', () => {
    spec
      .given([requested, ...started])
      .when(start)
      .thenNothingHappens();
    spec.given(completed).when(start).thenNothingHappens();
  });

  it('refuses an unknown deployment', () => {
    spec.given([]).when(start).thenThrows(ruleIs('deployment-not-found'));
  });
});

describe('CompleteStage', () => {
  const succeed = (stage: 'Build' | 'Validation' | 'Test'): DeploymentCommand => ({
    type: 'CompleteStage',
    data: { stage, outcome: 'succeeded', message: 'ok', at: T2 },
  });

  it('moves a succeeded stage on to the next one', () => {
    spec
      .given([requested, ...started])
      .when(succeed('Build'))
      .then([
        {
          type: 'StageSucceeded',
          data: { executionId, stage: 'Build', finishedAt: T2, message: 'ok' },
        },
        { type: 'StageStarted', data: { executionId, stage: 'Test', startedAt: T2 } },
      ]);
  });

  it('completes the deployment when Validation succeeds', () => {
    spec
      .given(upToValidation)
      .when(succeed('Validation'))
      .then([
        {
          type: 'StageSucceeded',
          data: { executionId, stage: 'Validation', finishedAt: T2, message: 'ok' },
        },
        { type: 'DeploymentCompleted', data: { executionId, completedAt: T2 } },
      ]);
  });

  it('fails the deployment with the stage and the reason when a stage fails', () => {
    const reason = 'Rollout failed: development-02 refused the install';
    spec
      .given(upToValidation.slice(0, -2))
      .when({
        type: 'CompleteStage',
        data: { stage: 'DeployToDevelopment', outcome: 'failed', reason, at: T2 },
      })
      .then([
        {
          type: 'StageFailed',
          data: { executionId, stage: 'DeployToDevelopment', finishedAt: T2, reason },
        },
        {
          type: 'DeploymentFailed',
          data: { executionId, failedAt: T2, stage: 'DeployToDevelopment', reason },
        },
      ]);
  });

  it('decides nothing for a stage that is not running: redeliveries and late outcomes are harmless', () => {
    spec
      .given([requested, ...started, ...passed('Build', 'Test')])
      .when(succeed('Build'))
      .thenNothingHappens();
    spec
      .given([requested, ...started])
      .when(succeed('Test'))
      .thenNothingHappens();
    spec.given([requested]).when(succeed('Build')).thenNothingHappens();
    spec.given(completed).when(succeed('Validation')).thenNothingHappens();
  });

  it('refuses an unknown deployment', () => {
    spec.given([]).when(succeed('Build')).thenThrows(ruleIs('deployment-not-found'));
  });
});
