import { parseRequestDeployment } from './parse-request-deployment.js';

const valid = {
  executionId: 'exec-1',
  commandId: 'cmd-1',
  actor: 'alice@example.com',
  moduleName: 'payment-processor',
  version: '2.1.0',
  targetEnvironment: 'Staging',
  requesterEmail: 'alice@example.com',
};

describe('parseRequestDeployment', () => {
  it('accepts a valid command', () => {
    expect(parseRequestDeployment(valid)).toEqual({ ok: true, command: valid });
    const traced = { ...valid, traceparent: '00-abc-def-01' };
    expect(parseRequestDeployment(traced)).toEqual({ ok: true, command: traced });
  });

  it('names the envelope fields and the deployment fields that are wrong', () => {
    const parsed = parseRequestDeployment({
      ...valid,
      executionId: '../etc',
      commandId: '',
      actor: 7,
      targetEnvironment: 'Moon',
    });
    expect(!parsed.ok && Object.keys(parsed.fields).sort()).toEqual([
      'actor',
      'commandId',
      'executionId',
      'targetEnvironment',
    ]);
  });

  it('refuses what is not an object', () => {
    for (const payload of [null, 'text', 42]) {
      expect(parseRequestDeployment(payload).ok).toBe(false);
    }
  });
});
