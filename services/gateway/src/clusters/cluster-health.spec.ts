import type { NodeTelemetry } from '@hotswap/contracts';
import { isHealthy, nodeView, summarize } from './cluster-health.js';

const now = new Date('2025-01-01T10:00:00.000Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1_000).toISOString();

function telemetry(overrides: Partial<NodeTelemetry> = {}): NodeTelemetry {
  return {
    nodeId: 'production-01',
    environment: 'Production',
    cpuPercent: 40,
    memoryPercent: 50,
    latencyMs: 12,
    errorRate: 0,
    modules: { billing: '1.0.0' },
    heartbeatAt: secondsAgo(5),
    ...overrides,
  };
}

describe('node health', () => {
  it('is healthy with a recent heartbeat and CPU and memory under 90 %', () => {
    expect(isHealthy(telemetry(), now)).toBe(true);
    expect(isHealthy(telemetry({ cpuPercent: 89.9, memoryPercent: 89.9 }), now)).toBe(true);
  });

  it.each([
    ['no telemetry', null],
    ['a heartbeat 2 minutes old', telemetry({ heartbeatAt: secondsAgo(120) })],
    ['CPU at 90 %', telemetry({ cpuPercent: 90 })],
    ['memory at 95 %', telemetry({ memoryPercent: 95 })],
  ])('is unhealthy with %s', (_, last) => {
    expect(isHealthy(last, now)).toBe(false);
  });
});

describe('a node view', () => {
  it("takes the modules from the node's events, else from its telemetry", () => {
    expect(
      nodeView('production-01', 'Production', { billing: '2.0.0' }, telemetry(), now).modules,
    ).toEqual({
      billing: '2.0.0',
    });
    expect(nodeView('production-01', 'Production', undefined, telemetry(), now).modules).toEqual({
      billing: '1.0.0',
    });
    expect(nodeView('production-01', 'Production', undefined, undefined, now)).toEqual({
      nodeId: 'production-01',
      environment: 'Production',
      modules: {},
      lastTelemetry: null,
      healthy: false,
    });
  });
});

describe('the cluster summary', () => {
  it('counts healthy and unhealthy nodes and averages CPU and memory over those reporting', () => {
    const nodes = [
      nodeView('a', 'Production', undefined, telemetry({ cpuPercent: 10, memoryPercent: 20 }), now),
      nodeView('b', 'Production', undefined, telemetry({ cpuPercent: 95, memoryPercent: 40 }), now),
      nodeView('c', 'Production', {}, undefined, now),
    ];
    expect(summarize(nodes)).toEqual({
      total: 3,
      healthy: 1,
      unhealthy: 2,
      averageCpuPercent: 52.5,
      averageMemoryPercent: 30,
    });
  });

  it('has no averages for a cluster without telemetry', () => {
    expect(summarize([])).toEqual({
      total: 0,
      healthy: 0,
      unhealthy: 0,
      averageCpuPercent: null,
      averageMemoryPercent: null,
    });
  });
});
