import type { Fault } from '@hotswap/contracts';
import { initialNodeState, type NodeState } from '@hotswap/node-domain';
import { smokeTest } from './smoke-test.js';

const request = { nodeId: 'staging-01', moduleName: 'payments', version: '2.0.0' };
const greenStaged: NodeState = {
  modules: { payments: '1.0.0' },
  standby: { payments: '2.0.0' },
};
const fault = (overrides: Partial<Fault>): Fault => ({
  faultId: 'f1',
  environment: 'Staging',
  moduleName: 'payments',
  version: '2.0.0',
  injectedAt: '2026-11-23T10:00:00.000Z',
  injectedBy: 'alice@example.com',
  ...overrides,
});
const verdict = (faults: Fault[], state = greenStaged) =>
  smokeTest(request, 'Staging', state, faults);

describe('the smoke test of the version on a node’s standby slot', () => {
  it('passes for a staged version without a fault', () => {
    expect(verdict([])).toEqual({ ok: true, nodeId: 'staging-01', passed: true, reason: null });
  });

  it('fails when the standby slot does not hold that version', () => {
    const blueOnStandby = { modules: { payments: '2.0.0' }, standby: { payments: '1.0.0' } };
    expect(smokeTest({ ...request, version: '2.0.0' }, 'Staging', blueOnStandby, [])).toEqual({
      ok: true,
      nodeId: 'staging-01',
      passed: false,
      reason: 'staging-01 has 1.0.0 on standby, not 2.0.0',
    });
    expect(verdict([], initialNodeState()).reason).toBe(
      'staging-01 has nothing on standby, not 2.0.0',
    );
  });

  it('fails at the healthy limits, naming each figure and the fault', () => {
    expect(verdict([fault({ cpu: 90, errorRate: 0.05 })])).toEqual({
      ok: true,
      nodeId: 'staging-01',
      passed: false,
      reason:
        "payments 2.0.0 on staging-01: fault 'f1' gives CPU 90 % (under 90 % is healthy), error rate 0.05 (under 0.05 is healthy)",
    });
    expect(verdict([fault({ memory: 95 })]).reason).toContain('memory 95 %');
    expect(verdict([fault({ latencyMs: 1000 })]).reason).toContain(
      'latency 1000 ms (under 1000 ms is healthy)',
    );
    const two = verdict([fault({ latencyMs: 5000 }), fault({ faultId: 'f2', errorRate: 0.5 })]);
    expect(two.reason).toMatch(/fault 'f1' gives latency .*; fault 'f2' gives error rate/);
  });

  it('passes under the limits, and ignores faults of other environments, modules or versions', () => {
    const under = fault({ cpu: 89.9, memory: 89.9, errorRate: 0.049, latencyMs: 999 });
    expect(verdict([under]).passed).toBe(true);
    expect(verdict([fault({ failInstall: true })])).toMatchObject({ passed: true });
    const elsewhere = [
      fault({ environment: 'Production', errorRate: 1 }),
      fault({ moduleName: 'search', errorRate: 1 }),
      fault({ version: '1.0.0', errorRate: 1 }),
    ];
    expect(verdict(elsewhere)).toMatchObject({ passed: true, reason: null });
  });
});
