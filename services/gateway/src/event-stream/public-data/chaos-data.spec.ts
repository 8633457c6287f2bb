import type { FaultEvent } from '@hotswap/contracts';
import { publicDataOf } from './public-data.js';

const at = '2026-11-22T10:00:04.012Z';

describe('public data of chaos events', () => {
  it('FaultInjected: the fault, every figure it does not fake null', () => {
    const injected: FaultEvent = {
      type: 'FaultInjected',
      data: {
        faultId: 'f-1',
        environment: 'QA',
        moduleName: 'payment-processor',
        version: '2.1.0',
        errorRate: 0.2,
        cpu: 95,
        injectedAt: at,
        injectedBy: 'admin',
      },
    };
    expect(publicDataOf('chaos', injected.type, injected.data)).toStrictEqual({
      faultId: 'f-1',
      environment: 'QA',
      moduleName: 'payment-processor',
      version: '2.1.0',
      errorRate: 0.2,
      latencyMs: null,
      cpuPercent: 95,
      memoryPercent: null,
      failInstall: false,
    });
  });

  it('FaultRemoved: which fault', () => {
    const removed: FaultEvent = {
      type: 'FaultRemoved',
      data: { faultId: 'f-1', removedAt: at, removedBy: 'admin' },
    };
    expect(publicDataOf('chaos', removed.type, removed.data)).toStrictEqual({ faultId: 'f-1' });
  });
});
