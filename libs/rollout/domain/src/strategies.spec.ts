import type {
  CanaryJudgement,
  MetricSeries,
  RolloutEvent,
  StrategySettings,
} from '@hotswap/contracts';
import { DeciderSpecification, DomainRuleViolated, fold } from '@hotswap/decider';
import { nextSteps } from './next-steps.js';
import type { RecordNodeUpdate, RecordWaveAnalysis, StartRollout } from './rollout-commands.js';
import { rolloutDecider } from './rollout-decider.js';

const spec = DeciderSpecification.for(rolloutDecider);
const rolloutId = 'r1';
const at = '2026-11-23T10:00:00.000Z';
const later = '2026-11-23T10:05:00.000Z';
const nodes = ['qa-01', 'qa-02', 'qa-03', 'qa-04', 'qa-05'];

const rolling: StrategySettings = { strategy: 'Rolling', batchSize: 2 };
const canary: StrategySettings = {
  strategy: 'Canary',
  waves: [10, 30, 50, 100],
  waveWaitMs: 60_000,
  judge: {
    judge: 'threshold',
    maxRatio: { errorRate: 1.5, latencyMs: 2, cpuPercent: 1.3, memoryPercent: 1.3 },
    floor: { errorRate: 0.01, latencyMs: 5, cpuPercent: 5, memoryPercent: 5 },
  },
  samplesPerNode: 5,
  maxSampledNodes: 200,
};
const start = (settings: StrategySettings): StartRollout => ({
  type: 'StartRollout',
  rolloutId,
  executionId: 'e1',
  moduleName: 'payments',
  version: '2.0.0',
  targetEnvironment: 'QA',
  strategy: settings.strategy,
  nodes,
  settings,
  at,
});
const history = (settings: StrategySettings, steps: string[][]): RolloutEvent => ({
  type: 'RolloutStarted',
  data: {
    rolloutId,
    executionId: 'e1',
    moduleName: 'payments',
    version: '2.0.0',
    targetEnvironment: 'QA',
    strategy: settings.strategy,
    nodes,
    settings,
    steps,
    startedAt: at,
  },
});
const batches = [['qa-01', 'qa-02'], ['qa-03', 'qa-04'], ['qa-05']];
const waves = [['qa-01'], ['qa-02'], ['qa-03'], ['qa-04', 'qa-05']];
const updated = (nodeId: string): RolloutEvent => ({
  type: 'NodeUpdated',
  data: { rolloutId, nodeId, version: '2.0.0', previousVersion: '1.0.0', at },
});
const recordUpdate = (nodeId: string, ok = true): RecordNodeUpdate =>
  ({
    type: 'RecordNodeUpdate',
    rolloutId,
    nodeId,
    result: ok
      ? { ok: true, version: '2.0.0', previousVersion: '1.0.0' }
      : { ok: false, reason: 'disk full' },
    at,
  }) as const;
const batchStarted = (batch: number): RolloutEvent => ({
  type: 'BatchStarted',
  data: { rolloutId, batch, nodes: batches[batch - 1]!, at },
});
const emptySeries: MetricSeries = {
  errorRate: [],
  latencyMs: [],
  cpuPercent: [],
  memoryPercent: [],
};
const baselineCaptured: RolloutEvent = {
  type: 'BaselineCaptured',
  data: { rolloutId, samples: emptySeries, sampledNodes: 5, from: at, to: at, at },
};
const waveStarted = (wave: number, percent: number, canaryNodes: number): RolloutEvent => ({
  type: 'CanaryWaveStarted',
  data: { rolloutId, wave, percent, nodes: waves[wave - 1]!, canaryNodes, at },
});
const judgement = (verdict: 'Pass' | 'Fail'): CanaryJudgement => ({
  judge: 'threshold',
  verdict,
  score: verdict === 'Pass' ? 100 : 0,
  metrics: [],
  reason: verdict === 'Pass' ? null : 'errorRate 0.2000 is 20.0× the baseline 0.0100',
  settings: canary.strategy === 'Canary' ? canary.judge : (undefined as never),
});
const analysis = (wave: number, verdict: 'Pass' | 'Fail'): RecordWaveAnalysis => ({
  type: 'RecordWaveAnalysis',
  rolloutId,
  wave,
  judgement: judgement(verdict),
  from: at,
  to: later,
  canaryNodesSampled: wave,
  baselineNodesSampled: 5 - wave,
  at: later,
});
const { type: _analysisType, ...analyzedData } = analysis(1, 'Fail');

describe('Rolling', () => {
  it('starts with the first batch of the planned batches', () => {
    spec
      .given([])
      .when(start(rolling))
      .then([history(rolling, batches), batchStarted(1)]);
  });

  it('installs only the running batch, then checks its health', () => {
    const state = fold(rolloutDecider, [history(rolling, batches), batchStarted(1)]);
    expect(nextSteps(state).install).toEqual(['qa-01', 'qa-02']);
    const installed = fold(rolloutDecider, [
      history(rolling, batches),
      batchStarted(1),
      updated('qa-01'),
      updated('qa-02'),
    ]);
    expect(nextSteps(installed)).toMatchObject({
      install: [],
      verify: { kind: 'health', batch: 1, nodes: ['qa-01', 'qa-02'], dueAt: at },
    });
  });

  it('goes on to the next batch after a healthy one, and succeeds after the last', () => {
    spec
      .given([history(rolling, batches), batchStarted(1), updated('qa-01'), updated('qa-02')])
      .when({ type: 'RecordBatchHealth', rolloutId, batch: 1, unhealthy: [], at })
      .then([
        {
          type: 'BatchHealthChecked',
          data: { rolloutId, batch: 1, healthy: true, unhealthy: [], at },
        },
        { type: 'BatchCompleted', data: { rolloutId, batch: 1, at } },
        batchStarted(2),
      ]);
    spec
      .given([
        history(rolling, batches),
        batchStarted(1),
        updated('qa-01'),
        updated('qa-02'),
        batchStarted(2),
        updated('qa-03'),
        updated('qa-04'),
        batchStarted(3),
        updated('qa-05'),
      ])
      .when({ type: 'RecordBatchHealth', rolloutId, batch: 3, unhealthy: [], at })
      .then([
        {
          type: 'BatchHealthChecked',
          data: { rolloutId, batch: 3, healthy: true, unhealthy: [], at },
        },
        { type: 'BatchCompleted', data: { rolloutId, batch: 3, at } },
        { type: 'RolloutSucceeded', data: { rolloutId, at } },
      ]);
  });

  it('turns back after an unhealthy batch and puts every updated batch back', () => {
    const given = [
      history(rolling, batches),
      batchStarted(1),
      updated('qa-01'),
      updated('qa-02'),
      batchStarted(2),
      updated('qa-03'),
      updated('qa-04'),
    ];
    const unhealthy = [{ nodeId: 'qa-04', reason: 'CPU 97 % (at most 90 %)' }];
    const reason = 'batch 2 of 3: health check failed on qa-04 (CPU 97 % (at most 90 %))';
    spec
      .given(given)
      .when({ type: 'RecordBatchHealth', rolloutId, batch: 2, unhealthy, at })
      .then([
        {
          type: 'BatchHealthChecked',
          data: { rolloutId, batch: 2, healthy: false, unhealthy, at },
        },
        { type: 'RollbackStarted', data: { rolloutId, reason, at } },
      ]);
    const turned = fold(rolloutDecider, [
      ...given,
      { type: 'BatchHealthChecked', data: { rolloutId, batch: 2, healthy: false, unhealthy, at } },
      { type: 'RollbackStarted', data: { rolloutId, reason, at } },
    ]);
    expect(nextSteps(turned).rollBack.map((s) => s.nodeId)).toEqual([
      'qa-01',
      'qa-02',
      'qa-03',
      'qa-04',
    ]);
  });

  it('turns back once every node of a batch answered and one failed', () => {
    spec
      .given([history(rolling, batches), batchStarted(1), updated('qa-01')])
      .when(recordUpdate('qa-02', false))
      .then([
        { type: 'NodeUpdateFailed', data: { rolloutId, nodeId: 'qa-02', reason: 'disk full', at } },
        {
          type: 'RollbackStarted',
          data: { rolloutId, reason: 'batch 1 of 3: installing failed on qa-02 (disk full)', at },
        },
      ]);
  });

  it('ends RolledBack, with the reason and what was put back, after the last node is back', () => {
    spec
      .given([
        history(rolling, batches),
        batchStarted(1),
        updated('qa-01'),
        { type: 'NodeUpdateFailed', data: { rolloutId, nodeId: 'qa-02', reason: 'disk full', at } },
        {
          type: 'RollbackStarted',
          data: { rolloutId, reason: 'batch 1 of 3: installing failed', at },
        },
      ])
      .when({
        type: 'RecordNodeRolledBack',
        rolloutId,
        nodeId: 'qa-01',
        restoredVersion: '1.0.0',
        at,
      })
      .then([
        {
          type: 'NodeRolledBack',
          data: { rolloutId, nodeId: 'qa-01', restoredVersion: '1.0.0', at },
        },
        {
          type: 'RolloutRolledBack',
          data: {
            rolloutId,
            reason:
              'Rolling rollout of payments 2.0.0 to QA rolled back: batch 1 of 3: installing failed; 1 node put back on 1.0.0',
            at,
          },
        },
      ]);
  });

  it('ignores a health check of another batch than the running one (a late repeat)', () => {
    spec
      .given([history(rolling, batches), batchStarted(1), updated('qa-01'), updated('qa-02')])
      .when({ type: 'RecordBatchHealth', rolloutId, batch: 2, unhealthy: [], at })
      .thenNothingHappens();
  });

  it('refuses an install answer for a node outside the running batch', () => {
    spec
      .given([history(rolling, batches), batchStarted(1)])
      .when(recordUpdate('qa-05'))
      .thenThrows(
        (e: Error) => e instanceof DomainRuleViolated && e.rule === 'node-in-current-step',
      );
  });
});

describe('Canary', () => {
  it('starts by capturing the baseline, then starts the first wave', () => {
    spec
      .given([])
      .when(start(canary))
      .then([history(canary, waves)]);
    expect(nextSteps(fold(rolloutDecider, [history(canary, waves)]))).toMatchObject({
      install: [],
      captureBaseline: true,
    });
    spec
      .given([history(canary, waves)])
      .when({
        type: 'RecordBaseline',
        rolloutId,
        samples: emptySeries,
        sampledNodes: 5,
        from: at,
        to: at,
        at,
      })
      .then([baselineCaptured, waveStarted(1, 20, 1)]);
  });

  it('analyses a wave once its wait is over, against the nodes still on the old version', () => {
    const state = fold(rolloutDecider, [
      history(canary, waves),
      baselineCaptured,
      waveStarted(1, 20, 1),
      updated('qa-01'),
    ]);
    expect(nextSteps(state)).toMatchObject({
      install: [],
      verify: {
        kind: 'analysis',
        wave: 1,
        canaryNodes: ['qa-01'],
        baselineNodes: ['qa-02', 'qa-03', 'qa-04', 'qa-05'],
        since: at,
        dueAt: '2026-11-23T10:01:00.000Z',
      },
    });
  });

  it('goes on to the next wave after a passing analysis, and succeeds after the last', () => {
    const { type: _t, ...passed } = analysis(1, 'Pass');
    spec
      .given([history(canary, waves), baselineCaptured, waveStarted(1, 20, 1), updated('qa-01')])
      .when(analysis(1, 'Pass'))
      .then([
        { type: 'CanaryWaveAnalyzed', data: passed },
        { type: 'CanaryWaveCompleted', data: { rolloutId, wave: 1, at: later } },
        {
          ...waveStarted(2, 40, 2),
          data: { ...waveStarted(2, 40, 2).data, at: later },
        } as RolloutEvent,
      ]);
    const { type: _t4, ...passed4 } = analysis(4, 'Pass');
    spec
      .given([
        history(canary, waves),
        baselineCaptured,
        waveStarted(1, 20, 1),
        updated('qa-01'),
        waveStarted(2, 40, 2),
        updated('qa-02'),
        waveStarted(3, 60, 3),
        updated('qa-03'),
        waveStarted(4, 100, 5),
        updated('qa-04'),
        updated('qa-05'),
      ])
      .when(analysis(4, 'Pass'))
      .then([
        { type: 'CanaryWaveAnalyzed', data: passed4 },
        { type: 'CanaryWaveCompleted', data: { rolloutId, wave: 4, at: later } },
        { type: 'RolloutSucceeded', data: { rolloutId, at: later } },
      ]);
  });

  it('turns back after a failing analysis, naming the wave, the judge and the metric', () => {
    spec
      .given([history(canary, waves), baselineCaptured, waveStarted(1, 20, 1), updated('qa-01')])
      .when(analysis(1, 'Fail'))
      .then([
        { type: 'CanaryWaveAnalyzed', data: analyzedData },
        {
          type: 'RollbackStarted',
          data: {
            rolloutId,
            reason:
              'wave 1 of 4 (20 % of the nodes) failed the canary analysis (threshold judge, Fail): errorRate 0.2000 is 20.0× the baseline 0.0100',
            at: later,
          },
        },
      ]);
  });

  it('ignores an analysis of a wave that is not being verified (a repeat after a crash)', () => {
    spec
      .given([history(canary, waves), baselineCaptured, waveStarted(1, 20, 1)])
      .when(analysis(1, 'Pass'))
      .thenNothingHappens();
    spec
      .given([history(canary, waves), baselineCaptured, waveStarted(1, 20, 1), updated('qa-01')])
      .when(analysis(2, 'Pass'))
      .thenNothingHappens();
  });

  it('records the baseline once', () => {
    spec
      .given([history(canary, waves), baselineCaptured, waveStarted(1, 20, 1)])
      .when({
        type: 'RecordBaseline',
        rolloutId,
        samples: emptySeries,
        sampledNodes: 5,
        from: at,
        to: at,
        at,
      })
      .thenNothingHappens();
  });
});

describe('operator controls', () => {
  const by = 'ops@example.com';
  const control = (action: 'pause' | 'resume' | 'abort' | 'promote') =>
    ({ type: 'ControlRollout', rolloutId, action, by, at: later }) as const;
  const inWave1 = [history(canary, waves), baselineCaptured, waveStarted(1, 20, 1)];

  it('pauses: nothing new starts until it is resumed; repeats decide nothing', () => {
    spec
      .given(inWave1)
      .when(control('pause'))
      .then([{ type: 'RolloutPaused', data: { rolloutId, by, at: later } }]);
    const paused: RolloutEvent[] = [
      ...inWave1,
      { type: 'RolloutPaused', data: { rolloutId, by, at: later } },
    ];
    expect(nextSteps(fold(rolloutDecider, paused))).toEqual({
      install: [],
      rollBack: [],
      captureBaseline: false,
    });
    spec.given(paused).when(control('pause')).thenNothingHappens();
    spec
      .given(paused)
      .when(control('resume'))
      .then([{ type: 'RolloutResumed', data: { rolloutId, by, at: later } }]);
    spec.given(inWave1).when(control('resume')).thenNothingHappens();
  });

  it('aborts: the runner turns back once nothing is in flight, naming who aborted', () => {
    spec
      .given([...inWave1, updated('qa-01')])
      .when(control('abort'))
      .then([{ type: 'RolloutAbortRequested', data: { rolloutId, by, at: later } }]);
    const requested: RolloutEvent[] = [
      ...inWave1,
      updated('qa-01'),
      { type: 'RolloutAbortRequested', data: { rolloutId, by, at: later } },
    ];
    expect(nextSteps(fold(rolloutDecider, requested))).toMatchObject({ carryOutAbort: true });
    spec
      .given(requested)
      .when({ type: 'CarryOutAbort', rolloutId, at: later })
      .then([
        { type: 'RollbackStarted', data: { rolloutId, reason: `aborted by ${by}`, at: later } },
      ]);
  });

  it('promotes: every remaining node is updated at once, without waits or analyses', () => {
    const promoted: RolloutEvent[] = [
      ...inWave1,
      updated('qa-01'),
      { type: 'RolloutPromoted', data: { rolloutId, by, at: later } },
    ];
    spec
      .given([...inWave1, updated('qa-01')])
      .when(control('promote'))
      .then([promoted.at(-1)!]);
    expect(nextSteps(fold(rolloutDecider, promoted))).toEqual({
      install: ['qa-02', 'qa-03', 'qa-04', 'qa-05'],
      rollBack: [],
      captureBaseline: false,
    });
    spec
      .given([...promoted, updated('qa-02'), updated('qa-03'), updated('qa-04')])
      .when(recordUpdate('qa-05'))
      .then([updated('qa-05'), { type: 'RolloutSucceeded', data: { rolloutId, at } }]);
  });

  it('refuses every action on a finished rollout', () => {
    spec
      .given([...inWave1, { type: 'RolloutSucceeded', data: { rolloutId, at } }])
      .when(control('abort'))
      .thenThrows(
        (e: Error) => e instanceof DomainRuleViolated && e.rule === 'control-running-rollout',
      );
  });
});

describe('Blue-Green', () => {
  const blueGreen: StrategySettings = {
    strategy: 'BlueGreen',
    smokeTestMs: 60_000,
    switchBackWindowMs: 600_000,
  };
  const started = history(blueGreen, [nodes]);
  const staged = nodes.map(updated);
  const passed: RolloutEvent = {
    type: 'SmokeTestChecked',
    data: { rolloutId, passed: true, failed: [], at: later },
  };
  const switched: RolloutEvent = {
    type: 'TrafficSwitched',
    data: { rolloutId, nodes: 5, switchBackUntil: '2026-11-23T10:15:00.000Z', at: later },
  };

  it('stages green on every node, then smoke-tests it once the smoke period is over', () => {
    expect(nextSteps(fold(rolloutDecider, [started])).install).toEqual(nodes);
    expect(nextSteps(fold(rolloutDecider, [started, ...staged]))).toMatchObject({
      verify: { kind: 'smoke', nodes, dueAt: '2026-11-23T10:01:00.000Z' },
    });
  });

  it('switches every node’s traffic after a passed smoke test, in one recorded step', () => {
    spec
      .given([started, ...staged])
      .when({ type: 'RecordSmokeTest', rolloutId, failed: [], at: later })
      .then([passed]);
    expect(nextSteps(fold(rolloutDecider, [started, ...staged, passed]))).toMatchObject({
      switchTraffic: nodes,
    });
    spec
      .given([started, ...staged, passed])
      .when({ type: 'RecordTrafficSwitch', rolloutId, failed: [], at: later })
      .then([switched]);
  });

  it('releases blue when the switch-back window is over, and succeeds', () => {
    expect(nextSteps(fold(rolloutDecider, [started, ...staged, passed, switched]))).toMatchObject({
      verify: { kind: 'release', dueAt: '2026-11-23T10:15:00.000Z' },
    });
    spec
      .given([started, ...staged, passed, switched])
      .when({ type: 'RecordBlueReleased', rolloutId, at: later })
      .then([
        { type: 'BlueReleased', data: { rolloutId, at: later } },
        { type: 'RolloutSucceeded', data: { rolloutId, at: later } },
      ]);
  });

  it('keeps blue serving and clears green after a failed smoke test', () => {
    const failed = [{ nodeId: 'qa-02', reason: 'error rate 0.3' }];
    spec
      .given([started, ...staged])
      .when({ type: 'RecordSmokeTest', rolloutId, failed, at: later })
      .then([
        { type: 'SmokeTestChecked', data: { rolloutId, passed: false, failed, at: later } },
        {
          type: 'RollbackStarted',
          data: {
            rolloutId,
            reason: 'the smoke test of green failed on qa-02 (error rate 0.3); blue kept serving',
            at: later,
          },
        },
      ]);
  });

  it('switches back within the window when an operator aborts', () => {
    const aborted: RolloutEvent[] = [
      started,
      ...staged,
      passed,
      switched,
      { type: 'RolloutAbortRequested', data: { rolloutId, by: 'ops', at: later } },
      { type: 'RollbackStarted', data: { rolloutId, reason: 'aborted by ops', at: later } },
    ];
    expect(nextSteps(fold(rolloutDecider, aborted)).rollBack).toEqual(
      nodes.map((nodeId) => ({ nodeId, version: '1.0.0' })),
    );
  });

  it('cannot be promoted', () => {
    spec
      .given([started])
      .when({ type: 'ControlRollout', rolloutId, action: 'promote', by: 'ops', at })
      .thenThrows(
        (e: Error) => e instanceof DomainRuleViolated && e.rule === 'promote-rolling-or-canary',
      );
  });
});

describe('a rollback of a finished rollout', () => {
  it('starts turned back, every node it updated going back to what it ran before', () => {
    const revert = { of: 'e1', versions: { 'qa-01': '1.0.0', 'qa-02': null } };
    const events = rolloutDecider.decide(
      {
        ...start({ strategy: 'Direct' }),
        rolloutId: 'e1-rollback',
        nodes: ['qa-01', 'qa-02'],
        revert,
      },
      rolloutDecider.initialState(),
    );
    expect(events.map((e) => e.type)).toEqual(['RolloutStarted', 'RollbackStarted']);
    expect(nextSteps(fold(rolloutDecider, events)).rollBack).toEqual([
      { nodeId: 'qa-01', version: '1.0.0' },
      { nodeId: 'qa-02', version: null },
    ]);
  });
});

describe('recording many answers at once', () => {
  it('records each node once, then what the answers lead to', () => {
    const answers = ['qa-01', 'qa-02', 'qa-01'].map((nodeId) => ({
      nodeId,
      result: { ok: true as const, version: '2.0.0', previousVersion: '1.0.0' },
    }));
    spec
      .given([history(rolling, batches), batchStarted(1)])
      .when({ type: 'RecordNodeUpdates', rolloutId, answers, at })
      .then([updated('qa-01'), updated('qa-02')]);
  });

  it('folds a run of answers at once exactly as one by one', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `prod-${i}`);
    const settings: StrategySettings = { ...canary, strategy: 'Canary' };
    const started: RolloutEvent = {
      ...history(settings, []),
      data: {
        ...history(settings, []).data,
        nodes: many,
        steps: [many.slice(0, 200), many.slice(200)],
      },
    } as RolloutEvent;
    const events: RolloutEvent[] = [
      started,
      baselineCaptured,
      {
        type: 'CanaryWaveStarted',
        data: { rolloutId, wave: 1, percent: 10, nodes: many.slice(0, 200), canaryNodes: 200, at },
      },
      ...many.slice(0, 199).map((nodeId) => ({
        type: 'NodeUpdated' as const,
        data: { rolloutId, nodeId, version: '2.0.0', previousVersion: '1.0.0', at },
      })),
      {
        type: 'NodeUpdateFailed',
        data: { rolloutId, nodeId: many[199]!, reason: 'disk full', at },
      },
      { type: 'RollbackStarted', data: { rolloutId, reason: 'wave 1 failed', at } },
      ...many.slice(0, 150).map((nodeId) => ({
        type: 'NodeRolledBack' as const,
        data: { rolloutId, nodeId, restoredVersion: '1.0.0', at },
      })),
    ];
    const oneByOne = events.reduce(rolloutDecider.evolve, rolloutDecider.initialState());
    expect(rolloutDecider.evolveAll!(rolloutDecider.initialState(), events)).toEqual(oneByOne);
    expect(oneByOne).toMatchObject({ status: 'RollingBack', awaitingRollback: 49 });
  });
});

describe('recording many nodes put back at once', () => {
  it('records each node once and ends the rollback after the last', () => {
    const given: RolloutEvent[] = [
      history(rolling, batches),
      batchStarted(1),
      updated('qa-01'),
      updated('qa-02'),
      { type: 'RollbackStarted', data: { rolloutId, reason: 'batch 1 of 3: unhealthy', at } },
    ];
    const back = (nodeId: string) => ({ nodeId, restoredVersion: '1.0.0' });
    spec
      .given(given)
      .when({
        type: 'RecordNodesRolledBack',
        rolloutId,
        answers: [back('qa-01'), back('qa-01'), back('qa-02')],
        at,
      })
      .then([
        {
          type: 'NodeRolledBack',
          data: { rolloutId, nodeId: 'qa-01', restoredVersion: '1.0.0', at },
        },
        {
          type: 'NodeRolledBack',
          data: { rolloutId, nodeId: 'qa-02', restoredVersion: '1.0.0', at },
        },
        {
          type: 'RolloutRolledBack',
          data: {
            rolloutId,
            reason:
              'Rolling rollout of payments 2.0.0 to QA rolled back: batch 1 of 3: unhealthy; 2 nodes put back on 1.0.0',
            at,
          },
        },
      ]);
  });
});
