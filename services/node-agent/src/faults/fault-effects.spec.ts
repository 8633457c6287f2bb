import type { Fault } from '@hotswap/contracts';
import { failingInstall, faultsAffecting, withFaults } from './fault-effects.js';

const fault = (overrides: Partial<Fault> = {}): Fault => ({
  faultId: 'f1',
  environment: 'Production',
  moduleName: 'payments',
  version: '2.0.0',
  injectedAt: '2026-11-23T10:00:00.000Z',
  injectedBy: 'alice@example.com',
  ...overrides,
});
const healthy = { cpuPercent: 26, memoryPercent: 45, latencyMs: 20, errorRate: 0.002 };

describe('which faults apply', () => {
  it('a fault applies to the nodes of its environment that run its module at its version', () => {
    const faults = [fault({ errorRate: 0.2 })];
    expect(faultsAffecting(faults, 'Production', { payments: '2.0.0', search: '1.0.0' })).toEqual(
      faults,
    );
    expect(faultsAffecting(faults, 'Production', { payments: '1.9.0' })).toEqual([]);
    expect(faultsAffecting(faults, 'Production', { search: '2.0.0' })).toEqual([]);
    expect(faultsAffecting(faults, 'Staging', { payments: '2.0.0' })).toEqual([]);
  });

  it('an install fails only for a failInstall fault of that environment, module and version', () => {
    const faults = [
      fault({ faultId: 'slow', latencyMs: 900 }),
      fault({ faultId: 'broken', failInstall: true }),
    ];
    expect(failingInstall(faults, 'Production', 'payments', '2.0.0')?.faultId).toBe('broken');
    expect(failingInstall(faults, 'Production', 'payments', '2.0.1')).toBeUndefined();
    expect(failingInstall(faults, 'QA', 'payments', '2.0.0')).toBeUndefined();
    expect(failingInstall(faults, 'Production', 'search', '2.0.0')).toBeUndefined();
    expect(
      failingInstall([fault({ errorRate: 1 })], 'Production', 'payments', '2.0.0'),
    ).toBeUndefined();
  });
});

describe('the figures a faulty node reports', () => {
  it('replaces the figures a fault names, and keeps the others healthy', () => {
    const middle = () => 0.5; // no noise
    expect(withFaults(healthy, [fault({ errorRate: 0.2, cpu: 95 })], middle)).toEqual({
      ...healthy,
      errorRate: 0.2,
      cpuPercent: 95,
    });
    expect(withFaults(healthy, [fault({ latencyMs: 800, memory: 88 })], middle)).toEqual({
      ...healthy,
      latencyMs: 800,
      memoryPercent: 88,
    });
    expect(withFaults(healthy, [fault({ failInstall: true })], middle)).toEqual(healthy);
    expect(withFaults(healthy, [], middle)).toEqual(healthy);
  });

  it('adds at most 3 % of noise, and keeps rates and percentages in range', () => {
    expect(withFaults(healthy, [fault({ latencyMs: 1000 })], () => 0).latencyMs).toBe(970);
    expect(withFaults(healthy, [fault({ latencyMs: 1000 })], () => 1).latencyMs).toBe(1030);
    expect(withFaults(healthy, [fault({ errorRate: 1, cpu: 100 })], () => 1)).toMatchObject({
      errorRate: 1,
      cpuPercent: 100,
    });
    for (let i = 0; i < 200; i++) {
      const { errorRate } = withFaults(healthy, [fault({ errorRate: 0.2 })]);
      expect(errorRate).toBeGreaterThanOrEqual(0.194);
      expect(errorRate).toBeLessThanOrEqual(0.206);
    }
  });

  it('takes the worst figure when several faults name it', () => {
    const faults = [
      fault({ faultId: 'a', errorRate: 0.1, latencyMs: 500 }),
      fault({ faultId: 'b', errorRate: 0.4 }),
    ];
    expect(withFaults(healthy, faults, () => 0.5)).toMatchObject({
      errorRate: 0.4,
      latencyMs: 500,
    });
  });
});
