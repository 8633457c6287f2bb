import { parseStartRollout } from './parse-start-rollout.js';

const valid = {
  commandId: 'c1',
  actor: 'service:orchestrator',
  rolloutId: 'r-1',
  executionId: 'e-1',
  moduleName: 'payment-processor',
  version: '2.1.0-rc.1',
  targetEnvironment: 'Development',
  strategy: 'Direct',
};

describe('parsing StartRollout', () => {
  it('accepts a well-formed command, with or without trace context', () => {
    expect(parseStartRollout(valid)).toEqual({ ok: true, value: valid });
    const traced = { ...valid, traceparent: '00-abc-def-01' };
    expect(parseStartRollout(traced)).toEqual({ ok: true, value: traced });
  });

  it('names every bad field at once', () => {
    const reply = parseStartRollout({
      ...valid,
      commandId: undefined,
      moduleName: 'Payment Processor',
      version: '2.1',
      strategy: 'BigBang',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    if (reply.ok) return;
    expect(Object.keys(reply.error.fields ?? {}).sort()).toEqual([
      'commandId',
      'moduleName',
      'strategy',
      'version',
    ]);
    expect(reply.error.fields?.['commandId']).toBe('is required');
  });

  it('refuses what is not an object', () => {
    expect(parseStartRollout('start!')).toMatchObject({ ok: false });
    expect(parseStartRollout(null)).toMatchObject({ ok: false });
  });
});
