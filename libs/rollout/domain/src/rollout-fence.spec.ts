import type { RolloutEvent } from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated, fold } from '@hotswap/decider';
import type { FenceRollout, StartRollout } from './rollout-commands.js';
import { rolloutDecider } from './rollout-decider.js';

/**
 * Issue 12, breaks 4 and 6: a rollout the orchestrator gave up on never starts, and a rollback
 * never overwrites what a newer deployment of the module put on the nodes.
 */
const spec = DeciderSpecification.for(rolloutDecider);
const rolloutId = 'e1';
const at = '2026-12-07T10:00:00.000Z';
const nodes = ['development-01', 'development-02'];

const start = (overrides: Partial<StartRollout> = {}): StartRollout => ({
  type: 'StartRollout',
  rolloutId,
  executionId: 'e1',
  moduleName: 'payments',
  version: '2.0.0',
  targetEnvironment: 'Development',
  strategy: 'Direct',
  nodes,
  settings: { strategy: 'Direct' },
  at,
  ...overrides,
});
const fence: FenceRollout = {
  type: 'FenceRollout',
  rolloutId,
  executionId: 'e1',
  reason: 'strategy-runner unavailable: no answer',
  at,
};
const fenced: RolloutEvent = {
  type: 'RolloutFenced',
  data: { rolloutId, executionId: 'e1', reason: 'strategy-runner unavailable: no answer', at },
};
const started = rolloutDecider.decide(start(), rolloutDecider.initialState());
const refusedBy = (rule: string) => (e: Error) =>
  e instanceof DomainRuleViolated && e.rule === rule;

describe('fencing a rollout the orchestrator gave up on', () => {
  it('records the fence on a rollout that has not started', () => {
    spec.given([]).when(fence).then([fenced]);
  });

  it('refuses to start a fenced rollout, naming the rule', () => {
    spec.given([fenced]).when(start()).thenThrows(refusedBy('rollout-fenced'));
  });

  it('does not fence a rollout that started: it runs to its end', () => {
    spec.given(started).when(fence).thenNothingHappens();
    expect(fold(rolloutDecider, started).status).toBe('Running');
  });

  it('fences once', () => {
    spec.given([fenced]).when(fence).thenNothingHappens();
  });
});

describe('rolling back only the latest deployment of a module', () => {
  const revert = (current: Record<string, string | null>) =>
    start({
      rolloutId: 'e1-rollback',
      revert: {
        of: 'e1',
        versions: { 'development-01': '1.0.0', 'development-02': null },
        current,
      },
    });

  it('refuses when a node runs another version since, naming the rule and the node', () => {
    spec
      .given([])
      .when(revert({ 'development-01': '2.0.0', 'development-02': '3.0.0' }))
      .thenThrows(
        (e: Error) =>
          refusedBy('rollback-of-latest-deployment')(e) &&
          e.message.includes('development-02 runs 3.0.0'),
      );
  });

  it('refuses when a node it would put back is gone from the cluster', () => {
    spec
      .given([])
      .when(revert({ 'development-01': '2.0.0' }))
      .thenThrows(refusedBy('rollback-of-latest-deployment'));
  });

  it('starts the rollback when every node still runs the version', () => {
    const events = rolloutDecider.decide(
      revert({ 'development-01': '2.0.0', 'development-02': '2.0.0' }),
      rolloutDecider.initialState(),
    );
    expect(events.map((e) => e.type)).toEqual(['RolloutStarted', 'RollbackStarted']);
    // What the nodes ran when it was asked is the check's, not the rollout's: not recorded.
    expect(events[0]!.data).not.toHaveProperty('revert.current');
  });
});
