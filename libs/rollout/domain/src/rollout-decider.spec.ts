import type { RolloutEvent, StrategyName, StrategySettings } from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated, fold } from '@hotswap/decider';
import type { NodeUpdateResult, StartRollout } from './rollout-commands.js';
import { rolloutDecider } from './rollout-decider.js';

const spec = DeciderSpecification.for(rolloutDecider);
const rolloutId = 'r1';
const at = '2026-11-23T10:00:00.000Z';
const nodes = ['development-01', 'development-02', 'development-03'];

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
const started = (strategy: StrategyName = 'Direct', nodeIds = nodes): RolloutEvent => ({
  type: 'RolloutStarted',
  data: {
    rolloutId,
    executionId: 'e1',
    moduleName: 'payments',
    version: '2.0.0',
    targetEnvironment: 'Development',
    strategy,
    nodes: [...nodeIds],
    settings: { strategy } as StrategySettings,
    steps: nodeIds.length === 0 ? [] : [[...nodeIds]],
    startedAt: at,
  },
});
const updated = (nodeId: string, previousVersion: string | null = '1.0.0'): RolloutEvent => ({
  type: 'NodeUpdated',
  data: { rolloutId, nodeId, version: '2.0.0', previousVersion, at },
});
const updateFailed = (nodeId: string): RolloutEvent => ({
  type: 'NodeUpdateFailed',
  data: { rolloutId, nodeId, reason: 'disk full', at },
});
const rolledBack = (nodeId: string): RolloutEvent => ({
  type: 'NodeRolledBack',
  data: { rolloutId, nodeId, restoredVersion: '1.0.0', at },
});
const record = (nodeId: string, result: NodeUpdateResult) =>
  ({ type: 'RecordNodeUpdate', rolloutId, nodeId, result, at }) as const;
const ok = (previousVersion: string | null = '1.0.0'): NodeUpdateResult => ({
  ok: true,
  version: '2.0.0',
  previousVersion,
});
const failed: NodeUpdateResult = { ok: false, reason: 'disk full' };
const unanswered: NodeUpdateResult = {
  ok: false,
  reason: 'no answer (TIMEOUT)',
  outcomeUnknown: true,
};
const updateUnanswered = (nodeId: string): RolloutEvent => ({
  type: 'NodeUpdateFailed',
  data: { rolloutId, nodeId, reason: 'no answer (TIMEOUT)', outcomeUnknown: true, at },
});
const recordRolledBack = (nodeId: string) =>
  ({ type: 'RecordNodeRolledBack', rolloutId, nodeId, restoredVersion: '1.0.0', at }) as const;
const refusedBy = (rule: string) => (e: Error) =>
  e instanceof DomainRuleViolated && e.rule === rule;

describe('starting a rollout', () => {
  it('records the plan with the cluster’s nodes', () => {
    spec.given([]).when(start()).then([started()]);
  });

  it('decides nothing when the same rollout is started again, and refuses other data under its id', () => {
    spec.given([started()]).when(start()).thenNothingHappens();
    spec
      .given([started()])
      .when(start({ version: '3.0.0' }))
      .thenThrows(refusedBy('one-rollout-per-id'));
  });

  it('fails at once on a cluster without nodes', () => {
    spec
      .given([])
      .when(start({ nodes: [] }))
      .then([
        started('Direct', []),
        {
          type: 'RolloutFailed',
          data: { rolloutId, reason: 'The Development cluster has no nodes', at },
        },
      ]);
  });
});

describe('recording what nodes answered', () => {
  it('succeeds once every node took the version', () => {
    spec
      .given([started(), updated('development-01'), updated('development-02')])
      .when(record('development-03', ok(null)))
      .then([
        updated('development-03', null),
        { type: 'RolloutSucceeded', data: { rolloutId, at } },
      ]);
  });

  it('decides nothing for an answer that arrives again, or after the end', () => {
    spec
      .given([started(), updated('development-01')])
      .when(record('development-01', failed))
      .thenNothingHappens();
    spec
      .given([
        started(),
        updated('development-01'),
        updated('development-02'),
        updated('development-03'),
        { type: 'RolloutSucceeded', data: { rolloutId, at } },
      ])
      .when(record('development-02', ok()))
      .thenNothingHappens();
  });

  it('waits for every answer before rolling back, then rolls back', () => {
    spec
      .given([started(), updateFailed('development-02')])
      .when(record('development-01', ok()))
      .then([updated('development-01')]);
    const state = fold(rolloutDecider, [
      started(),
      updateFailed('development-02'),
      updated('development-01'),
      updated('development-03'),
    ]);
    expect(state.status).toBe('RollingBack');
  });

  it('fails at once when no node took the new version', () => {
    const reason =
      'Direct rollout of payments 2.0.0 to Development failed on nodes development-01 (disk full), development-02 (disk full); no node needed rolling back';
    spec
      .given([started(), updateFailed('development-01'), updated('development-03', '2.0.0')])
      .when(record('development-02', failed))
      .then([
        updateFailed('development-02'),
        { type: 'RolloutFailed', data: { rolloutId, reason, at } },
      ]);
  });

  it('refuses answers of nodes outside the rollout, or before it started', () => {
    spec.given([started()]).when(record('qa-01', ok())).thenThrows(refusedBy('node-in-rollout'));
    spec.given([]).when(record('development-01', ok())).thenThrows(refusedBy('rollout-started'));
  });
});

describe('rolling back', () => {
  const failing = [
    started(),
    updated('development-01'),
    updateFailed('development-02'),
    updated('development-03'),
  ];

  it('records each node put back, and fails after the last one, naming the failed node', () => {
    spec
      .given(failing)
      .when(recordRolledBack('development-01'))
      .then([rolledBack('development-01')]);
    const reason =
      'Direct rollout of payments 2.0.0 to Development failed on node development-02 (disk full); rolled back development-01 to 1.0.0, development-03 to 1.0.0';
    spec
      .given([...failing, rolledBack('development-01')])
      .when(recordRolledBack('development-03'))
      .then([
        rolledBack('development-03'),
        { type: 'RolloutFailed', data: { rolloutId, reason, at } },
      ]);
  });

  it('decides nothing for a node already put back', () => {
    spec
      .given([...failing, rolledBack('development-01')])
      .when(recordRolledBack('development-01'))
      .thenNothingHappens();
  });

  it('refuses to roll back while nodes are still being updated, or a node that took nothing', () => {
    spec
      .given([started(), updated('development-01')])
      .when(recordRolledBack('development-01'))
      .thenThrows(refusedBy('rollback-after-failure'));
    spec
      .given(failing)
      .when(recordRolledBack('development-02'))
      .thenThrows(refusedBy('rollback-of-updated-node'));
  });
});

describe('an install whose answer never came (timed out: the node may have taken the version)', () => {
  it('is recorded as failed with its outcome unknown', () => {
    spec
      .given([started(), updated('development-01')])
      .when(record('development-02', unanswered))
      .then([updateUnanswered('development-02')]);
  });

  it('is put back with the others: the rollout does not end until it is', () => {
    // Every other node refused or already ran the version: only the unanswered one may need it.
    spec
      .given([started(), updateFailed('development-01'), updated('development-03', '2.0.0')])
      .when(record('development-02', unanswered))
      .then([updateUnanswered('development-02')]);
    const state = fold(rolloutDecider, [
      started(),
      updateFailed('development-01'),
      updated('development-03', '2.0.0'),
      updateUnanswered('development-02'),
    ]);
    expect(state).toMatchObject({ status: 'RollingBack', awaitingRollback: 1 });
  });

  it('ends the rollback once it is put back too, and the reason names it', () => {
    const events = [
      started(),
      updated('development-01'),
      updateUnanswered('development-02'),
      updated('development-03'),
      rolledBack('development-01'),
      rolledBack('development-03'),
    ];
    spec
      .given(events)
      .when(recordRolledBack('development-02'))
      .then([
        rolledBack('development-02'),
        {
          type: 'RolloutFailed',
          data: {
            rolloutId,
            reason:
              'Direct rollout of payments 2.0.0 to Development failed on node development-02 (no answer (TIMEOUT)); rolled back development-01 to 1.0.0, development-02 to 1.0.0, development-03 to 1.0.0',
            at,
          },
        },
      ]);
  });
});

describe('the failure reason', () => {
  it('says which nodes had the module removed, having run no version of it before', () => {
    const events: RolloutEvent[] = [
      started(),
      updated('development-01', null),
      updateFailed('development-02'),
      updated('development-03'),
      rolledBack('development-03'),
    ];
    spec
      .given(events)
      .when({ ...recordRolledBack('development-01'), restoredVersion: null })
      .then([
        {
          type: 'NodeRolledBack',
          data: { rolloutId, nodeId: 'development-01', restoredVersion: null, at },
        },
        {
          type: 'RolloutFailed',
          data: {
            rolloutId,
            reason:
              'Direct rollout of payments 2.0.0 to Development failed on node development-02 (disk full); rolled back development-01 (module removed), development-03 to 1.0.0',
            at,
          },
        },
      ]);
  });
});

describe('giving a rollback up at its deadline', () => {
  const abandon = {
    type: 'AbandonRollback',
    rolloutId,
    reason: 'the rollback did not finish within 600000 ms (HOTSWAP_ROLLBACK_DEADLINE_MS)',
    at,
  } as const;
  // Direct: every node answered, one failed; the two updated ones wait to be put back.
  const turnedBack = [
    started(),
    updated('development-01'),
    updated('development-02'),
    updateFailed('development-03'),
  ];

  it('ends a rollout still turning back as Failed, naming the nodes left on the new version', () => {
    spec
      .given([...turnedBack, rolledBack('development-01')])
      .when(abandon)
      .then([
        {
          type: 'RolloutFailed',
          data: {
            rolloutId,
            reason: `${abandon.reason}; still on 2.0.0: development-02`,
            at,
          },
        },
      ]);
  });

  it('decides nothing for a rollout that is not turning back', () => {
    spec.given([started()]).when(abandon).thenNothingHappens();
    spec
      .given([
        ...turnedBack,
        rolledBack('development-01'),
        rolledBack('development-02'),
        { type: 'RolloutFailed', data: { rolloutId, reason: 'development-03 failed', at } },
      ])
      .when(abandon)
      .thenNothingHappens();
  });
});
