import type { MetricSample } from '@hotswap/contracts';
import { fitReply } from './fit-reply.js';

const sample = (i: number): MetricSample => ({
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  errorRate: 0.01,
  latencyMs: 12.5,
  cpuPercent: 40.25,
  memoryPercent: 55.5,
});
const node = (nodeId: string, count: number) => ({
  nodeId,
  samples: Array.from({ length: count }, (_, i) => sample(i)),
});

describe('fitReply', () => {
  it('leaves a reply that fits as it is', () => {
    const nodes = [node('a', 10), node('b', 10)];
    expect(fitReply(nodes, 1_000_000, 5)).toBe(nodes);
  });

  it('thins every node evenly, newest kept, until the reply fits in the payload', () => {
    // 500 nodes of 5 minutes at 1 s: about 20 MB of JSON answered whole.
    const nodes = Array.from({ length: 500 }, (_, i) => node(`n${i}`, 300));
    const fitted = fitReply(nodes, 768 * 1024, 5);
    expect(Buffer.byteLength(JSON.stringify({ ok: true, nodes: fitted }))).toBeLessThan(768 * 1024);
    const counts = new Set(fitted.map((n) => n.samples.length));
    expect(counts.size).toBe(1);
    const [first] = fitted;
    expect(first!.samples.length).toBeGreaterThanOrEqual(5);
    expect(first!.samples.at(-1)).toEqual(sample(299));
    const times = first!.samples.map((s) => s.at);
    expect([...times].sort()).toEqual(times);
  });

  it('keeps the minimum the caller asked for, whatever the size', () => {
    const nodes = Array.from({ length: 100 }, (_, i) => node(`n${i}`, 50));
    expect(fitReply(nodes, 1_000, 20).every((n) => n.samples.length === 20)).toBe(true);
  });
});
