import { DomainRuleViolated } from '@hotswap/decider';
import type { DeploymentEvent } from '@hotswap/contracts';
import type {
  AbortDeployment,
  CompleteRevert,
  CompleteStage,
  DeploymentCommand,
  RecordApproval,
  RequestRollback,
} from './deployment-command.js';
import { runningStage, type DeploymentState, type RecordedDeployment } from './deployment-state.js';

type RequestDeployment = Extract<DeploymentCommand, { type: 'RequestDeployment' }>;

/**
 * What a command means for a deployment. Commands that arrive again (a retried request, a
 * redelivered event's reaction, a timer that fires twice) decide nothing instead of failing, so
 * the workflow can carry out its actions at-least-once.
 */
export function decideDeployment(
  command: DeploymentCommand,
  state: DeploymentState,
): DeploymentEvent[] {
  switch (command.type) {
    case 'RequestDeployment':
      return request(command, state);
    case 'QueueDeployment': {
      const deployment = recorded(state);
      if (deployment.status !== 'Pending') return [];
      const { behind, at } = command.data;
      return [
        {
          type: 'DeploymentQueued',
          data: { executionId: deployment.executionId, behind, queuedAt: at },
        },
      ];
    }
    case 'StartDeployment':
      return start(recorded(state), command.data.at);
    case 'CompleteStage':
      return completeStage(recorded(state), command);
    case 'RecordApproval':
      return recordApproval(recorded(state), command);
    case 'RequestRollback':
      return requestRollback(recorded(state), command);
    case 'CompleteRevert':
      return completeRevert(recorded(state), command);
    case 'AbortDeployment':
      return abort(recorded(state), command);
  }
}

/**
 * An operator's abort of a deployment without a rollout to abort: it ends Failed, the running
 * stage (if any) with it. At the deploy stage the rollout's own abort applies (the rollout may be
 * starting: failing the stage under it would free the slot while it runs). Asked again once it
 * ended as aborted, nothing.
 */
function abort(state: RecordedDeployment, command: AbortDeployment): DeploymentEvent[] {
  const { by, at } = command.data;
  const { executionId } = state;
  switch (state.status) {
    case 'Pending':
    case 'Queued':
    case 'PendingApproval': {
      const reason = `Aborted by ${by} ${state.status === 'PendingApproval' ? 'while it waited for its approval' : 'before it started'}`;
      return [
        { type: 'DeploymentFailed', data: { executionId, failedAt: at, stage: null, reason } },
      ];
    }
    case 'Running': {
      const stage = runningStage(state);
      if (stage?.startsWith('DeployTo')) {
        throw new DomainRuleViolated(
          'abort-through-rollout',
          `Deployment ${executionId} is at ${stage}: abort its rollout (it may be starting; try again)`,
        );
      }
      const reason = `Aborted by ${by}${stage === undefined ? '' : ` during ${stage}`}`;
      const failed: DeploymentEvent = {
        type: 'DeploymentFailed',
        data: { executionId, failedAt: at, stage: stage ?? null, reason },
      };
      return stage === undefined
        ? [failed]
        : [{ type: 'StageFailed', data: { executionId, stage, finishedAt: at, reason } }, failed];
    }
    case 'Failed':
    case 'Completed':
    case 'RolledBack':
    case 'RollingBack':
      // Asked again (a retry) after it ended as aborted: the abort answers it.
      if (state.status === 'Failed' && state.reason.startsWith('Aborted by ')) return [];
      throw new DomainRuleViolated(
        'abort-unfinished',
        `Deployment ${executionId} is ${state.status}: only an unfinished deployment can be aborted (a completed one can be rolled back)`,
      );
  }
}

function requestRollback(state: RecordedDeployment, command: RequestRollback): DeploymentEvent[] {
  const { by, at } = command.data;
  if (state.status === 'RollingBack' || state.status === 'RolledBack') {
    // Asked again (a retry): the rollback under way or done answers it.
    return [];
  }
  if (state.status !== 'Completed') {
    throw new DomainRuleViolated(
      'rollback-of-completed',
      `Deployment ${state.executionId} is ${state.status}: only a Completed deployment can be rolled back (a running one can be aborted)`,
    );
  }
  const rolloutId = revertRolloutId(state.executionId, (state.rollbacks ?? 0) + 1);
  return [
    {
      type: 'DeploymentRollbackRequested',
      data: { executionId: state.executionId, rolloutId, requestedBy: by, requestedAt: at },
    },
  ];
}

function completeRevert(state: RecordedDeployment, command: CompleteRevert): DeploymentEvent[] {
  if (state.status !== 'RollingBack') return [];
  const { executionId, rolloutId } = state;
  const { data } = command;
  return data.outcome === 'reverted'
    ? [
        {
          type: 'DeploymentReverted',
          data: { executionId, rolloutId, revertedAt: data.at, message: data.message },
        },
      ]
    : [
        {
          type: 'DeploymentRevertFailed',
          data: { executionId, rolloutId, failedAt: data.at, reason: data.reason },
        },
      ];
}

function request(command: RequestDeployment, state: DeploymentState): DeploymentEvent[] {
  const { data } = command;
  if (state.status === 'none') return [{ type: 'DeploymentRequested', data }];
  const same =
    state.moduleName === data.moduleName &&
    state.version === data.version &&
    state.environment === data.targetEnvironment &&
    state.requesterEmail === data.requesterEmail &&
    state.strategy === data.strategy &&
    (state.approvalRequired ?? false) === (data.approvalRequired ?? false) &&
    JSON.stringify(state.overrides) === JSON.stringify(data.overrides);
  if (same) return [];
  throw new DomainRuleViolated(
    'execution-id-taken',
    `Execution id '${data.executionId}' is taken by another deployment request ` +
      `(${state.moduleName} ${state.version} to ${state.environment})`,
  );
}

function start(state: RecordedDeployment, at: string): DeploymentEvent[] {
  switch (state.status) {
    case 'Pending':
    case 'Queued': {
      const first = state.stages[0]!.name;
      const { executionId } = state;
      return [
        { type: 'DeploymentStarted', data: { executionId, startedAt: at } },
        { type: 'StageStarted', data: { executionId, stage: first, startedAt: at } },
      ];
    }
    case 'Running':
    case 'Completed':
    case 'Failed':
    case 'RolledBack':
    case 'RollingBack':
    case 'PendingApproval':
      return [];
  }
}

function completeStage(state: RecordedDeployment, command: CompleteStage): DeploymentEvent[] {
  const { stage, at } = command.data;
  // Only the running stage can complete: a late or repeated outcome changes nothing.
  if (state.status !== 'Running' || runningStage(state) !== stage) return [];
  const { executionId } = state;
  if (command.data.outcome === 'failed') {
    const { reason } = command.data;
    const failed: DeploymentEvent = {
      type: 'StageFailed',
      data: { executionId, stage, finishedAt: at, reason },
    };
    if (rolledOut(state)) {
      // A stage after the rollout (Validation) failed: the nodes run the new version, so they go
      // back like after any failed deploy stage.
      const rolloutId = revertRolloutId(executionId, (state.rollbacks ?? 0) + 1);
      const requestedBy = WORKFLOW_ACTOR;
      return [
        failed,
        {
          type: 'DeploymentRollbackRequested',
          data: { executionId, rolloutId, requestedBy, requestedAt: at, stage, reason },
        },
      ];
    }
    return [
      failed,
      { type: 'DeploymentFailed', data: { executionId, failedAt: at, stage, reason } },
    ];
  }
  if (command.data.outcome === 'rolledBack') {
    const { reason } = command.data;
    return [
      { type: 'StageFailed', data: { executionId, stage, finishedAt: at, reason } },
      { type: 'DeploymentRolledBack', data: { executionId, rolledBackAt: at, stage, reason } },
    ];
  }
  const succeeded: DeploymentEvent = {
    type: 'StageSucceeded',
    data: { executionId, stage, finishedAt: at, message: command.data.message },
  };
  const index = state.stages.findIndex((s) => s.name === stage);
  const next = state.stages[index + 1];
  if (next === undefined) {
    return [succeeded, { type: 'DeploymentCompleted', data: { executionId, completedAt: at } }];
  }
  // The deploy stage waits for an approval where the environment's policy requires one.
  if (next.name.startsWith('DeployTo') && state.approvalRequired && !state.approvedBy) {
    return [succeeded, { type: 'DeploymentAwaitingApproval', data: { executionId, since: at } }];
  }
  return [
    succeeded,
    { type: 'StageStarted', data: { executionId, stage: next.name, startedAt: at } },
  ];
}

/** The approval's outcome: the deploy stage starts, or the deployment fails with why. */
function recordApproval(state: RecordedDeployment, command: RecordApproval): DeploymentEvent[] {
  if (state.status !== 'PendingApproval') return [];
  const { executionId } = state;
  const { data } = command;
  if (data.outcome === 'approved') {
    const deploy = state.stages.find((s) => s.name.startsWith('DeployTo'))!.name;
    return [
      {
        type: 'DeploymentApproved',
        data: { executionId, approvers: [...data.approvers], approvedAt: data.at },
      },
      { type: 'StageStarted', data: { executionId, stage: deploy, startedAt: data.at } },
    ];
  }
  const reason =
    data.outcome === 'rejected'
      ? `Approval rejected by ${data.by}: ${data.reason}`
      : 'Approval expired: no decision before its deadline';
  return [
    { type: 'DeploymentFailed', data: { executionId, failedAt: data.at, stage: null, reason } },
  ];
}

/**
 * The rollout of a deployment's `attempt`-th rollback (`<executionId>-rollback`, then
 * `-rollback-2`…): a new one each time, as one that failed or was fenced cannot run again.
 */
export const revertRolloutId = (executionId: string, attempt = 1) =>
  `${executionId}-rollback${attempt === 1 ? '' : `-${attempt}`}`;

/** The actor of what the workflow decides by itself (the orchestrator's). */
export const WORKFLOW_ACTOR = 'service:orchestrator';

/** Its deploy stage succeeded: the nodes run the deployment's version. */
function rolledOut(state: RecordedDeployment): boolean {
  return state.stages.some((s) => s.name.startsWith('DeployTo') && s.status === 'Succeeded');
}

function recorded(state: DeploymentState): RecordedDeployment {
  if (state.status === 'none') {
    throw new DomainRuleViolated('deployment-not-found', 'No deployment is recorded under this id');
  }
  return state;
}
