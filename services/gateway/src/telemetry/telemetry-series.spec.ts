import type { NodeTelemetry } from '@hotswap/contracts';
import { decodeSample, encodeSample } from './telemetry-series.js';

const telemetry: NodeTelemetry = {
  nodeId: 'development-01',
  environment: 'Development',
  cpuPercent: 21.5,
  memoryPercent: 40.2,
  latencyMs: 12.3,
  errorRate: 0.001,
  modules: { billing: '1.0.0' },
  heartbeatAt: '2025-01-07T10:00:03.000Z',
};

describe('a stored telemetry sample', () => {
  it('is compact JSON with its time, and reads back as a sample', () => {
    const at = Date.parse(telemetry.heartbeatAt);
    const member = encodeSample(telemetry, at);
    expect(member).toBe(`[${at},21.5,40.2,12.3,0.001]`);
    expect(decodeSample(member)).toEqual([
      {
        at: '2025-01-07T10:00:03.000Z',
        cpuPercent: 21.5,
        memoryPercent: 40.2,
        latencyMs: 12.3,
        errorRate: 0.001,
      },
    ]);
  });

  it.each(['not json', '{"at":1}', '[1,2,3,4]', '[1,2,3,4,"5"]', '[1e300,1,2,3,4]'])(
    'is skipped when it is %s',
    (member) => {
      expect(decodeSample(member)).toEqual([]);
    },
  );
});
