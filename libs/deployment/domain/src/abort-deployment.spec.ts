import type { DeploymentEvent } from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated } from '@hotswap/decider';
import type { AbortDeployment } from './deployment-command.js';
import { deploymentDecider } from './deployment-decider.js';

const spec = DeciderSpecification.for(deploymentDecider);
const executionId = 'exec-1';
const at = '2025-01-01T10:00:05.000Z';
const T0 = '2025-01-01T10:00:00.000Z';
const abort: AbortDeployment = { type: 'AbortDeployment', data: { by: 'bob', at } };
const requested: DeploymentEvent = {
  type: 'DeploymentRequested',
  data: {
    executionId,
    moduleName: 'payment-processor',
    version: '2.1.0',
    targetEnvironment: 'Production',
    requesterEmail: 'alice@example.com',
    requestedAt: T0,
  },
};
const startedAt = (stage: 'Build' | 'DeployToProduction'): DeploymentEvent[] => [
  { type: 'DeploymentStarted', data: { executionId, startedAt: T0 } },
  { type: 'StageStarted', data: { executionId, stage, startedAt: T0 } },
];
const failed = (reason: string, stage: 'Build' | null = null): DeploymentEvent => ({
  type: 'DeploymentFailed',
  data: { executionId, failedAt: at, stage, reason },
});
const ruleIs = (rule: string) => (error: Error) =>
  error instanceof DomainRuleViolated && error.rule === rule;

describe('AbortDeployment (a deployment without a rollout to abort)', () => {
  it('ends a Pending or Queued deployment as Failed, with who aborted it', () => {
    spec
      .given([requested])
      .when(abort)
      .then([failed('Aborted by bob before it started')]);
    spec
      .given([
        requested,
        { type: 'DeploymentQueued', data: { executionId, behind: 'exec-0', queuedAt: T0 } },
      ])
      .when(abort)
      .then([failed('Aborted by bob before it started')]);
  });

  it('ends one waiting for its approval', () => {
    spec
      .given([
        requested,
        { type: 'DeploymentStarted', data: { executionId, startedAt: T0 } },
        { type: 'DeploymentAwaitingApproval', data: { executionId, since: T0 } },
      ])
      .when(abort)
      .then([failed('Aborted by bob while it waited for its approval')]);
  });

  it('fails the running stage before the deploy stage with it', () => {
    spec
      .given([requested, ...startedAt('Build')])
      .when(abort)
      .then([
        {
          type: 'StageFailed',
          data: {
            executionId,
            stage: 'Build',
            finishedAt: at,
            reason: 'Aborted by bob during Build',
          },
        },
        failed('Aborted by bob during Build', 'Build'),
      ]);
  });

  it('leaves the deploy stage to its rollout’s own abort', () => {
    spec
      .given([requested, ...startedAt('DeployToProduction')])
      .when(abort)
      .thenThrows(ruleIs('abort-through-rollout'));
  });

  it('decides nothing when asked again, and refuses once it ended otherwise', () => {
    spec
      .given([requested, failed('Aborted by bob before it started')])
      .when(abort)
      .thenNothingHappens();
    spec
      .given([requested, failed('Approval expired: no decision before its deadline')])
      .when(abort)
      .thenThrows(ruleIs('abort-unfinished'));
  });
});
