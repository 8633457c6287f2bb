import type { DeploymentEvent, RolloutEvent } from '@hotswap/contracts';
import { DeciderSpecification, fold } from '@hotswap/decider';
import { checkDeploymentRequest } from './deployment-request-rules.js';
import { deploymentDecider } from './deployment-decider.js';
import { react } from './deployment-workflow.js';
import { rolloutCompletion } from './rollout-completion.js';

const spec = DeciderSpecification.for(deploymentDecider);
const executionId = 'exec-1';
const T0 = '2025-01-01T10:00:00.000Z';
const T1 = '2025-01-01T10:00:01.000Z';
const requested: DeploymentEvent = {
  type: 'DeploymentRequested',
  data: {
    executionId,
    moduleName: 'payment-processor',
    version: '2.1.0',
    targetEnvironment: 'Production',
    requesterEmail: 'alice@example.com',
    requestedAt: T0,
    strategy: 'Canary',
    overrides: { waveWaitMs: 0 },
  },
};
const deploying: DeploymentEvent[] = [
  requested,
  { type: 'DeploymentStarted', data: { executionId, startedAt: T1 } },
  { type: 'StageStarted', data: { executionId, stage: 'DeployToProduction', startedAt: T1 } },
];
const reason = 'wave 1 of 4 (10 % of the nodes) failed the canary analysis: errorRate …';
const rolledBack: DeploymentEvent[] = [
  {
    type: 'StageFailed',
    data: { executionId, stage: 'DeployToProduction', finishedAt: T1, reason },
  },
  {
    type: 'DeploymentRolledBack',
    data: { executionId, rolledBackAt: T1, stage: 'DeployToProduction', reason },
  },
];

describe('a deployment whose rollout was turned back', () => {
  it('ends RolledBack with the reason, its deploy stage failed', () => {
    spec
      .given(deploying)
      .when({
        type: 'CompleteStage',
        data: { stage: 'DeployToProduction', at: T1, outcome: 'rolledBack', reason },
      })
      .then(rolledBack);
    expect(fold(deploymentDecider, [...deploying, ...rolledBack])).toMatchObject({
      status: 'RolledBack',
      failedStage: 'DeployToProduction',
      reason,
      rolledBackAt: T1,
    });
  });

  it('releases the slot for the next deployment of the module', () => {
    const state = fold(deploymentDecider, [...deploying, ...rolledBack]);
    expect(react(rolledBack[1]!, state)).toEqual([
      {
        type: 'releaseSlot',
        deployment: {
          executionId,
          moduleName: 'payment-processor',
          version: '2.1.0',
          environment: 'Production',
        },
      },
    ]);
  });

  it('is what RolloutRolledBack completes the deploy stage with', () => {
    const deployment = fold(deploymentDecider, deploying);
    const rollout: RolloutEvent[] = [
      { type: 'RolloutRolledBack', data: { rolloutId: executionId, reason, at: T1 } },
    ];
    expect(rolloutCompletion(deployment, rollout)).toEqual({
      type: 'CompleteStage',
      data: { stage: 'DeployToProduction', outcome: 'rolledBack', reason, at: T1 },
    });
  });

  it('keeps the strategy and knobs the request asked for, and runs the rollout with them', () => {
    const state = fold(deploymentDecider, deploying);
    expect(state).toMatchObject({ strategy: 'Canary', overrides: { waveWaitMs: 0 } });
    expect(react(deploying[2]!, state)).toMatchObject([
      {
        type: 'runStage',
        work: { kind: 'rollout', strategy: 'Canary', overrides: { waveWaitMs: 0 } },
      },
    ]);
  });
});

describe('a request naming a strategy and knobs', () => {
  const valid = {
    moduleName: 'payment-processor',
    version: '2.1.0',
    targetEnvironment: 'Development',
    requesterEmail: 'alice@example.com',
  };

  it('takes a known strategy and valid knobs', () => {
    expect(
      checkDeploymentRequest({ ...valid, strategy: 'Canary', overrides: { waves: [50, 100] } }),
    ).toMatchObject({ ok: true, request: { strategy: 'Canary', overrides: { waves: [50, 100] } } });
  });

  it('names an unknown strategy and each bad knob', () => {
    expect(
      checkDeploymentRequest({
        ...valid,
        strategy: 'YOLO',
        overrides: { waveWaitMs: 'soon', speed: 11 },
      }),
    ).toEqual({
      ok: false,
      fields: {
        strategy: 'must be one of Direct, Rolling, BlueGreen, Canary',
        'overrides.waveWaitMs': 'must be a whole number of milliseconds from 0 to 86400000',
        'overrides.speed': 'is not a setting of any strategy',
      },
    });
    const notAnObject = checkDeploymentRequest({ ...valid, overrides: [1] });
    expect(notAnObject.ok ? undefined : notAnObject.fields['overrides']).toMatch(/object/);
  });
});

describe('rolling a Completed deployment back', () => {
  const completed: DeploymentEvent[] = [
    ...deploying,
    {
      type: 'StageSucceeded',
      data: { executionId, stage: 'DeployToProduction', finishedAt: T1, message: 'ok' },
    },
    { type: 'StageStarted', data: { executionId, stage: 'Validation', startedAt: T1 } },
    {
      type: 'StageSucceeded',
      data: { executionId, stage: 'Validation', finishedAt: T1, message: 'ok' },
    },
    { type: 'DeploymentCompleted', data: { executionId, completedAt: T1 } },
  ];
  const rolloutId = `${executionId}-rollback`;
  const requestedRollback: DeploymentEvent = {
    type: 'DeploymentRollbackRequested',
    data: { executionId, rolloutId, requestedBy: 'ops@example.com', requestedAt: T1 },
  };
  const ask = {
    type: 'RequestRollback',
    data: { by: 'ops@example.com', at: T1 },
  } as const;

  it('records the request and asks for the rollout that does it', () => {
    spec.given(completed).when(ask).then([requestedRollback]);
    const state = fold(deploymentDecider, [...completed, requestedRollback]);
    expect(state.status).toBe('RollingBack');
    // Issue 12, break 6: it queues for the module's slot like a deployment, and only rolls back
    // what this deployment put on the nodes.
    expect(react(requestedRollback, state)).toMatchObject([
      { type: 'queueRevert', rolloutId, onlyIfCurrent: true },
    ]);
    spec
      .given([...completed, requestedRollback])
      .when(ask)
      .thenNothingHappens();
  });

  it('holds the slot until the rollback ends, then leaves it', () => {
    const state = fold(deploymentDecider, [...completed, requestedRollback]);
    // Its completion, handled late, does not give away the slot the rollback now holds.
    expect(react(completed.at(-1)!, state)).toEqual([]);
    const failed: DeploymentEvent = {
      type: 'DeploymentRevertFailed',
      data: { executionId, rolloutId, failedAt: T1, reason: 'rollback-of-latest-deployment' },
    };
    const reverted: DeploymentEvent = {
      type: 'DeploymentReverted',
      data: { executionId, rolloutId, revertedAt: T1, message: 'put back' },
    };
    for (const end of [failed, reverted]) {
      const after = fold(deploymentDecider, [...completed, requestedRollback, end]);
      expect(react(end, after)).toMatchObject([{ type: 'releaseSlot' }]);
    }
  });

  it('rolls back by a new rollout after a rollback that failed', () => {
    const failed: DeploymentEvent = {
      type: 'DeploymentRevertFailed',
      data: { executionId, rolloutId, failedAt: T1, reason: 'strategy-runner unavailable' },
    };
    spec
      .given([...completed, requestedRollback, failed])
      .when(ask)
      .then([
        {
          type: 'DeploymentRollbackRequested',
          data: {
            executionId,
            rolloutId: `${executionId}-rollback-2`,
            requestedBy: 'ops@example.com',
            requestedAt: T1,
          },
        },
      ]);
  });

  it('refuses it for a deployment that is not Completed (a running one is aborted instead)', () => {
    spec
      .given(deploying)
      .when(ask)
      .thenThrows((e: Error) => e.message.includes('only a Completed deployment'));
  });

  it('ends RolledBack when the rollout is done, or stays Completed when it failed', () => {
    const reverted: DeploymentEvent = {
      type: 'DeploymentReverted',
      data: { executionId, rolloutId, revertedAt: T1, message: '20 nodes put back on 1.0.0' },
    };
    spec
      .given([...completed, requestedRollback])
      .when({
        type: 'CompleteRevert',
        data: { outcome: 'reverted', message: '20 nodes put back on 1.0.0', at: T1 },
      })
      .then([reverted]);
    expect(fold(deploymentDecider, [...completed, requestedRollback, reverted])).toMatchObject({
      status: 'RolledBack',
      failedStage: null,
      reason: '20 nodes put back on 1.0.0',
    });
    expect(
      fold(deploymentDecider, [
        ...completed,
        requestedRollback,
        {
          type: 'DeploymentRevertFailed',
          data: { executionId, rolloutId, failedAt: T1, reason: 'no answer' },
        },
      ]).status,
    ).toBe('Completed');
  });
});
