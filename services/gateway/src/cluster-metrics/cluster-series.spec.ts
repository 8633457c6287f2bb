import type { MetricSample } from '@hotswap/contracts';
import { bucketMsFor, clusterSeries } from './cluster-series.js';

const t0 = Date.parse('2025-01-01T10:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms).toISOString();

function sample(ms: number, figures: Partial<MetricSample> = {}): MetricSample {
  return { at: at(ms), cpuPercent: 10, memoryPercent: 20, latencyMs: 5, errorRate: 0, ...figures };
}

describe('the bucket of a window', () => {
  it.each([
    ['5m', 300_000, 5_000],
    ['1h', 3_600_000, 60_000],
    ['7m', 420_000, 7_000],
    ['30s, at least a second', 30_000, 1_000],
    ['1s', 1_000, 1_000],
  ])('for %s is window / 60', (_, windowMs, bucketMs) => {
    expect(bucketMsFor(windowMs)).toBe(bucketMs);
  });
});

describe('the cluster series', () => {
  it('averages the nodes that reported in each bucket, oldest bucket first', () => {
    const series = clusterSeries(
      [
        {
          nodeId: 'a',
          samples: [sample(0, { cpuPercent: 10 }), sample(5_000, { cpuPercent: 30 })],
        },
        {
          nodeId: 'b',
          samples: [
            sample(1_000, { cpuPercent: 20, memoryPercent: 40, latencyMs: 15, errorRate: 0.002 }),
          ],
        },
      ],
      5_000,
    );
    expect(series).toEqual([
      {
        at: at(0),
        cpuPercent: 15,
        memoryPercent: 30,
        latencyMs: 10,
        errorRate: 0.001,
        nodes: 2,
      },
      { at: at(5_000), cpuPercent: 30, memoryPercent: 20, latencyMs: 5, errorRate: 0, nodes: 1 },
    ]);
  });

  it("weighs nodes alike: a node's samples in one bucket are averaged first", () => {
    const [point] = clusterSeries(
      [
        { nodeId: 'a', samples: [sample(0, { cpuPercent: 0 }), sample(1_000, { cpuPercent: 20 })] },
        { nodeId: 'b', samples: [sample(2_000, { cpuPercent: 50 })] },
      ],
      5_000,
    );
    // (mean(0, 20) + 50) / 2, not (0 + 20 + 50) / 3.
    expect(point).toMatchObject({ cpuPercent: 30, nodes: 2 });
  });

  it('aligns buckets to multiples of the bucket, and leaves out buckets without samples', () => {
    const series = clusterSeries(
      [{ nodeId: 'a', samples: [sample(4_999), sample(5_000), sample(20_001)] }],
      5_000,
    );
    expect(series.map((point) => point.at)).toEqual([at(0), at(5_000), at(20_000)]);
  });

  it('rounds away floating-point noise', () => {
    const [point] = clusterSeries(
      [
        { nodeId: 'a', samples: [sample(0, { cpuPercent: 0.1 })] },
        { nodeId: 'b', samples: [sample(0, { cpuPercent: 0.2 })] },
        { nodeId: 'c', samples: [sample(0, { cpuPercent: 0.4 })] },
      ],
      5_000,
    );
    expect(point?.cpuPercent).toBe(0.233333);
  });

  it('is empty without samples', () => {
    expect(clusterSeries([], 5_000)).toEqual([]);
    expect(clusterSeries([{ nodeId: 'a', samples: [] }], 5_000)).toEqual([]);
  });
});
