import type { StrategySettings } from '@hotswap/contracts';
import { batchSize, parsePercent, planSteps, waveTargets } from './plan-steps.js';

const cluster = (n: number) => Array.from({ length: n }, (_, i) => `prod-${i + 1}`);
const sizes = (steps: string[][]) => steps.map((step) => step.length);
const canary = (waves: number[] = [10, 30, 50, 100]): StrategySettings => ({
  strategy: 'Canary',
  waves,
  waveWaitMs: 0,
  judge: {
    judge: 'threshold',
    maxRatio: { errorRate: 1.5, latencyMs: 2, cpuPercent: 1.3, memoryPercent: 1.3 },
    floor: { errorRate: 0.01, latencyMs: 5, cpuPercent: 5, memoryPercent: 5 },
  },
  samplesPerNode: 5,
  maxSampledNodes: 200,
});
const rolling = (size: number | string): StrategySettings => ({
  strategy: 'Rolling',
  batchSize: size,
});

describe('canary waves of 10, 30, 50, 100 %', () => {
  it.each([
    // nodes, nodes each wave adds: at least one per wave, never an empty wave
    [1, [1]],
    [3, [1, 1, 1]],
    [5, [1, 1, 1, 2]],
    [10, [1, 2, 2, 5]],
    [20, [2, 4, 4, 10]],
    [1000, [100, 200, 200, 500]],
  ])('%i nodes: waves add %j', (n, expected) => {
    const steps = planSteps(canary(), cluster(n));
    expect(sizes(steps)).toEqual(expected);
    // Every node exactly once, in cluster order.
    expect(steps.flat()).toEqual(cluster(n));
  });

  it('ends with the whole cluster even when the list stops short of 100 %', () => {
    expect(waveTargets([10, 50], 10)).toEqual([1, 5, 10]);
  });

  it('drops waves once every node is covered', () => {
    expect(waveTargets([50, 100, 100], 2)).toEqual([1, 2]);
  });
});

describe('rolling batches', () => {
  it.each([
    // nodes, batch size, nodes per batch
    [1, 2, [1]],
    [3, 2, [2, 1]],
    [5, 2, [2, 2, 1]],
    [10, 2, [2, 2, 2, 2, 2]],
    [20, '25%', [5, 5, 5, 5]],
    [10, '25%', [3, 3, 3, 1]],
    [1000, '10%', Array.from({ length: 10 }, () => 100)],
    [3, '1%', [1, 1, 1]],
  ])('%i nodes in batches of %p: %j', (n, size, expected) => {
    const steps = planSteps(rolling(size), cluster(n));
    expect(sizes(steps)).toEqual(expected);
    expect(steps.flat()).toEqual(cluster(n));
  });

  it('refuses a batch size that is neither a count nor a percentage', () => {
    expect(() => batchSize('a few', 10)).toThrow(/neither a node count nor a percentage/);
    expect(() => batchSize(0, 10)).toThrow(RangeError);
  });

  it('reads percentages in (0, 100] only', () => {
    expect(parsePercent('25%')).toBe(25);
    expect(parsePercent('12.5%')).toBe(12.5);
    expect(parsePercent('0%')).toBeUndefined();
    expect(parsePercent('101%')).toBeUndefined();
    expect(parsePercent('25')).toBeUndefined();
  });
});

describe('one-step strategies', () => {
  it('Direct and Blue-Green update every node in one step', () => {
    expect(sizes(planSteps({ strategy: 'Direct' }, cluster(5)))).toEqual([5]);
    expect(
      sizes(
        planSteps({ strategy: 'BlueGreen', smokeTestMs: 0, switchBackWindowMs: 0 }, cluster(5)),
      ),
    ).toEqual([5]);
  });

  it('an empty cluster has no steps', () => {
    expect(planSteps(canary(), [])).toEqual([]);
  });
});
