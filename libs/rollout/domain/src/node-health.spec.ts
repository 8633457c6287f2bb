import type { MetricSample } from '@hotswap/contracts';
import { unhealthyNodes } from './node-health.js';

const sample = (at: string, figures: Partial<MetricSample> = {}): MetricSample => ({
  at,
  errorRate: 0.001,
  latencyMs: 20,
  cpuPercent: 25,
  memoryPercent: 45,
  ...figures,
});

describe('the batch health check', () => {
  it('passes nodes whose latest reading is under every limit', () => {
    expect(
      unhealthyNodes([
        // An old bad reading does not count once a newer one is fine.
        {
          nodeId: 'qa-01',
          samples: [
            sample('2026-01-01T00:00:01Z'),
            sample('2026-01-01T00:00:00Z', { cpuPercent: 99 }),
          ],
        },
      ]),
    ).toEqual([]);
  });

  it('names each limit a node is over', () => {
    expect(
      unhealthyNodes([
        {
          nodeId: 'qa-01',
          samples: [sample('2026-01-01T00:00:00Z', { cpuPercent: 95, errorRate: 0.2 })],
        },
        { nodeId: 'qa-02', samples: [sample('2026-01-01T00:00:00Z', { memoryPercent: 90 })] },
      ]),
    ).toEqual([
      {
        nodeId: 'qa-01',
        reason: 'CPU 95 % (under 90 % is healthy), error rate 0.2 (under 0.05 is healthy)',
      },
      { nodeId: 'qa-02', reason: 'memory 90 % (under 90 % is healthy)' },
    ]);
  });

  it('fails a node without readings', () => {
    expect(unhealthyNodes([{ nodeId: 'qa-03', samples: [] }])).toEqual([
      { nodeId: 'qa-03', reason: 'no telemetry readings' },
    ]);
  });
});
