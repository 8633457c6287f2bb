import type { DeploymentEvent, NodeDescription, RolloutEvent } from '@hotswap/contracts';
import { fold } from '@hotswap/decider';
import { deploymentDecider } from './deployment-decider.js';
import { rolloutCompletion } from './rollout-completion.js';
import { validationOutcome } from './validation-outcome.js';

const node = (nodeId: string, modules: Record<string, string>): NodeDescription => ({
  nodeId,
  environment: 'Development',
  modules,
});

describe('validationOutcome', () => {
  it('succeeds when every node runs the version', () => {
    const nodes = [
      node('development-01', { pay: '2.1.0' }),
      node('development-02', { pay: '2.1.0' }),
    ];
    expect(validationOutcome(nodes, 'pay', '2.1.0')).toEqual({
      outcome: 'succeeded',
      message: 'All 2 nodes run pay 2.1.0',
    });
  });

  it('fails naming the nodes that do not, and what they run', () => {
    const nodes = [
      node('development-01', { pay: '2.1.0' }),
      node('development-02', { pay: '2.0.0' }),
      node('development-03', { other: '1.0.0' }),
    ];
    expect(validationOutcome(nodes, 'pay', '2.1.0')).toEqual({
      outcome: 'failed',
      reason:
        '2 of 3 nodes do not run pay 2.1.0: development-02 (2.0.0), development-03 (not installed)',
    });
  });

  it('fails for an empty cluster rather than validating nothing', () => {
    expect(validationOutcome([], 'pay', '2.1.0')).toMatchObject({ outcome: 'failed' });
  });
});

describe('rolloutCompletion', () => {
  const executionId = 'exec-1';
  const deployment = fold(deploymentDecider, [
    {
      type: 'DeploymentRequested',
      data: {
        executionId,
        moduleName: 'pay',
        version: '2.1.0',
        targetEnvironment: 'Development',
        requesterEmail: 'a@example.com',
        requestedAt: 'T0',
      },
    } satisfies DeploymentEvent,
  ]);
  const rolloutStarted: RolloutEvent = {
    type: 'RolloutStarted',
    data: {
      rolloutId: executionId,
      executionId,
      moduleName: 'pay',
      version: '2.1.0',
      targetEnvironment: 'Development',
      strategy: 'Direct',
      nodes: ['development-01', 'development-02'],
      startedAt: 'T1',
    },
  };
  const updated = (nodeId: string): RolloutEvent => ({
    type: 'NodeUpdated',
    data: { rolloutId: executionId, nodeId, version: '2.1.0', previousVersion: null, at: 'T2' },
  });

  it('completes the deploy stage with the number of nodes updated', () => {
    const history: RolloutEvent[] = [
      rolloutStarted,
      updated('development-01'),
      updated('development-02'),
      { type: 'RolloutSucceeded', data: { rolloutId: executionId, at: 'T3' } },
    ];
    expect(rolloutCompletion(deployment, history)).toEqual({
      type: 'CompleteStage',
      data: {
        stage: 'DeployToDevelopment',
        outcome: 'succeeded',
        message: 'Direct rollout: 2 of 2 nodes updated to pay 2.1.0',
        at: 'T3',
      },
    });
  });

  it('fails the deploy stage with the rollout reason, even when rollbacks follow it', () => {
    const history: RolloutEvent[] = [
      rolloutStarted,
      updated('development-01'),
      {
        type: 'NodeUpdateFailed',
        data: { rolloutId: executionId, nodeId: 'development-02', reason: 'disk full', at: 'T2' },
      },
      {
        type: 'RolloutFailed',
        data: { rolloutId: executionId, reason: 'development-02: disk full', at: 'T3' },
      },
      {
        type: 'NodeRolledBack',
        data: { rolloutId: executionId, nodeId: 'development-01', restoredVersion: null, at: 'T4' },
      },
    ];
    expect(rolloutCompletion(deployment, history)).toEqual({
      type: 'CompleteStage',
      data: {
        stage: 'DeployToDevelopment',
        outcome: 'failed',
        reason: 'Rollout failed: development-02: disk full',
        at: 'T3',
      },
    });
  });

  it('says nothing while the rollout runs, or for a rollout of no deployment', () => {
    expect(rolloutCompletion(deployment, [rolloutStarted])).toBeUndefined();
    expect(
      rolloutCompletion({ status: 'none' }, [
        { type: 'RolloutSucceeded', data: { rolloutId: executionId, at: 'T3' } },
      ]),
    ).toBeUndefined();
  });
});
