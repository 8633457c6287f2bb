import type { MetricSeries, RolloutEvent } from '@hotswap/contracts';
import { publicDataOf } from './public-data.js';

const rolloutId = 'd-1';
const at = '2026-11-22T10:00:04.012Z';
const from = '2026-11-22T09:59:00.000Z';
const nodes = Array.from({ length: 40 }, (_, i) => `prod-${i}`);
const series = (value: number): MetricSeries => ({
  errorRate: Array(500).fill(value / 100) as number[],
  latencyMs: Array(500).fill(value) as number[],
  cpuPercent: Array(500).fill(value) as number[],
  memoryPercent: Array(500).fill(value) as number[],
});
const summary = (mean: number) => ({ count: 500, mean, p50: mean, p99: mean });
const problems = nodes.map((nodeId) => ({ nodeId, reason: 'no heartbeat' }));

/** A recorded event of each type, as the strategy-runner records it, and what subscribers get. */
const cases: readonly (readonly [RolloutEvent, object])[] = [
  [
    {
      type: 'RolloutStarted',
      data: {
        rolloutId,
        executionId: rolloutId,
        moduleName: 'payment-processor',
        version: '2.1.0',
        targetEnvironment: 'Production',
        strategy: 'Canary',
        nodes,
        settings: {
          strategy: 'Canary',
          waves: [10, 50, 100],
          waveWaitMs: 60_000,
          judge: {
            judge: 'threshold',
            maxRatio: { errorRate: 1.5, latencyMs: 2, cpuPercent: 1.3, memoryPercent: 1.3 },
            floor: { errorRate: 0.01, latencyMs: 10, cpuPercent: 5, memoryPercent: 5 },
          },
          samplesPerNode: 5,
          maxSampledNodes: 20,
        },
        steps: [nodes.slice(0, 4), nodes.slice(4, 20), nodes.slice(20)],
        startedAt: at,
      },
    },
    {
      moduleName: 'payment-processor',
      version: '2.1.0',
      environment: 'Production',
      strategy: 'Canary',
      nodeCount: 40,
      stepSizes: [4, 16, 20],
      settings: {
        strategy: 'Canary',
        waves: [10, 50, 100],
        waveWaitMs: 60_000,
        judge: 'threshold',
      },
      revertOf: null,
    },
  ],
  [
    {
      type: 'BaselineCaptured',
      data: { rolloutId, samples: series(10), sampledNodes: 20, from, to: at, at },
    },
    { sampledNodes: 20, from, to: at },
  ],
  [
    { type: 'BatchStarted', data: { rolloutId, batch: 2, nodes: nodes.slice(0, 10), at } },
    { batch: 2, nodeCount: 10 },
  ],
  [
    {
      type: 'BatchHealthChecked',
      data: { rolloutId, batch: 2, healthy: false, unhealthy: problems.slice(0, 12), at },
    },
    { batch: 2, healthy: false, unhealthyCount: 12, unhealthy: problems.slice(0, 10) },
  ],
  [{ type: 'BatchCompleted', data: { rolloutId, batch: 2, at } }, { batch: 2 }],
  [
    {
      type: 'CanaryWaveStarted',
      data: { rolloutId, wave: 1, percent: 10, nodes: nodes.slice(0, 4), canaryNodes: 4, at },
    },
    { wave: 1, percent: 10, addedNodes: 4, canaryNodes: 4 },
  ],
  [
    {
      type: 'CanaryWaveAnalyzed',
      data: {
        rolloutId,
        wave: 1,
        judgement: {
          judge: 'mann-whitney',
          verdict: 'Fail',
          score: 75,
          metrics: [
            {
              metric: 'errorRate',
              baseline: summary(0.01),
              canary: summary(0.2),
              verdict: 'High',
              u: 12,
              z: 4.1,
              pValue: 0.0001,
              effectSize: 20,
            },
            {
              metric: 'latencyMs',
              baseline: summary(10),
              canary: summary(10),
              verdict: 'Pass',
              u: 1250,
              z: 0,
              pValue: 1,
              effectSize: 1,
            },
          ],
          reason: 'errorRate is higher than the baseline',
          settings: {
            judge: 'mann-whitney',
            confidence: 0.98,
            minEffectSize: 1.1,
            floor: { errorRate: 0.01, latencyMs: 10, cpuPercent: 5, memoryPercent: 5 },
            passScore: 95,
            marginalScore: 75,
          },
        },
        from,
        to: at,
        canaryNodesSampled: 4,
        baselineNodesSampled: 20,
        samples: { baseline: series(10), canary: series(20) },
        at,
      },
    },
    {
      wave: 1,
      verdict: 'Fail',
      score: 75,
      judge: 'mann-whitney',
      reason: 'errorRate is higher than the baseline',
      metrics: [
        { metric: 'errorRate', verdict: 'High', baseline: summary(0.01), canary: summary(0.2) },
        { metric: 'latencyMs', verdict: 'Pass', baseline: summary(10), canary: summary(10) },
      ],
      from,
      to: at,
      canaryNodesSampled: 4,
      baselineNodesSampled: 20,
    },
  ],
  [{ type: 'CanaryWaveCompleted', data: { rolloutId, wave: 1, at } }, { wave: 1 }],
  [
    { type: 'SmokeTestChecked', data: { rolloutId, passed: true, failed: [], at } },
    { passed: true, failedCount: 0, failed: [] },
  ],
  [
    {
      type: 'TrafficSwitched',
      data: { rolloutId, nodes: 40, switchBackUntil: '2026-11-22T10:30:00.000Z', at },
    },
    { nodeCount: 40, switchBackUntil: '2026-11-22T10:30:00.000Z' },
  ],
  [{ type: 'BlueReleased', data: { rolloutId, at } }, {}],
  [
    {
      type: 'NodeUpdated',
      data: { rolloutId, nodeId: 'prod-3', version: '2.1.0', previousVersion: '2.0.0', at },
    },
    { nodeId: 'prod-3', version: '2.1.0', previousVersion: '2.0.0' },
  ],
  [
    {
      type: 'NodeUpdateFailed',
      data: { rolloutId, nodeId: 'prod-3', reason: 'digest mismatch', at },
    },
    { nodeId: 'prod-3', reason: 'digest mismatch' },
  ],
  [{ type: 'RolloutPaused', data: { rolloutId, by: 'dana', at } }, { by: 'dana' }],
  [{ type: 'RolloutResumed', data: { rolloutId, by: 'dana', at } }, { by: 'dana' }],
  [{ type: 'RolloutPromoted', data: { rolloutId, by: 'dana', at } }, { by: 'dana' }],
  [{ type: 'RolloutAbortRequested', data: { rolloutId, by: 'dana', at } }, { by: 'dana' }],
  [
    { type: 'RollbackStarted', data: { rolloutId, reason: 'wave 1 failed', at } },
    { reason: 'wave 1 failed' },
  ],
  [
    {
      type: 'NodeRolledBack',
      data: { rolloutId, nodeId: 'prod-3', restoredVersion: null, at },
    },
    { nodeId: 'prod-3', restoredVersion: null },
  ],
  [{ type: 'RolloutSucceeded', data: { rolloutId, at } }, {}],
  [
    { type: 'RolloutFailed', data: { rolloutId, reason: 'no node answered', at } },
    { reason: 'no node answered' },
  ],
  [
    { type: 'RolloutRolledBack', data: { rolloutId, reason: 'wave 1 failed', at } },
    { reason: 'wave 1 failed' },
  ],
];

describe('public data of rollout events', () => {
  it.each(cases.map(([event, expected]) => ({ type: event.type, event, expected })))(
    '$type',
    ({ event, expected }) => {
      expect(publicDataOf('rollout', event.type, event.data)).toStrictEqual(expected);
    },
  );

  it('says a rollout recorded before settings and steps were kept ran in one step, and names what a rollback reverts', () => {
    const data: Extract<RolloutEvent, { type: 'RolloutStarted' }>['data'] = {
      rolloutId: 'r-9',
      executionId: rolloutId,
      moduleName: 'payment-processor',
      version: '2.1.0',
      targetEnvironment: 'Production',
      strategy: 'Direct',
      nodes: nodes.slice(0, 3),
      revert: { of: rolloutId, versions: { 'prod-0': '2.0.0', 'prod-1': null, 'prod-2': '2.0.0' } },
      startedAt: at,
    };
    expect(publicDataOf('rollout', 'RolloutStarted', data)).toMatchObject({
      nodeCount: 3,
      stepSizes: [3],
      settings: null,
      revertOf: rolloutId,
    });
  });

  it('keeps the canary readings and the judge thresholds out of what subscribers get', () => {
    const analyzed = cases.find(([event]) => event.type === 'CanaryWaveAnalyzed')![0];
    const sent = JSON.stringify(publicDataOf('rollout', analyzed.type, analyzed.data));
    expect(sent).not.toMatch(/samples|pValue|confidence|floor/);
    expect(sent.length).toBeLessThan(1_000);
  });
});
