import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseInjectFault, parseListFaults, parseRemoveFault } from './fault-command-payloads.js';

const valid = {
  commandId: 'cmd-1',
  actor: 'alice@example.com',
  faultId: 'f1',
  environment: 'Production',
  moduleName: 'payments',
  version: '2.0.0',
  errorRate: 0.2,
};

const problemsOf = (payload: unknown) => {
  const parsed = parseInjectFault(payload);
  if (parsed.ok) throw new Error('expected a refusal');
  expect(parsed.error.code).toBe('VALIDATION_FAILED');
  return parsed.error.fields ?? {};
};

describe('an InjectFault payload', () => {
  it('is accepted with any effect given, and keeps only the effects given', () => {
    expect(parseInjectFault(valid)).toEqual({ ok: true, value: valid });
    const all = {
      ...valid,
      errorRate: 1,
      latencyMs: 600_000,
      cpu: 0,
      memory: 100,
      failInstall: false,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    expect(parseInjectFault(all)).toEqual({ ok: true, value: all });
    const { errorRate: _, ...noFigures } = valid;
    expect(parseInjectFault({ ...noFigures, failInstall: true })).toEqual({
      ok: true,
      value: { ...noFigures, failInstall: true },
    });
  });

  it('names every missing or malformed field at once', () => {
    expect(Object.keys(problemsOf({}))).toEqual([
      'faultId',
      'commandId',
      'actor',
      'environment',
      'moduleName',
      'version',
      'effects',
    ]);
    expect(
      problemsOf({
        ...valid,
        environment: 'Moon',
        moduleName: 'Payments Service',
        version: 'latest',
        faultId: '',
      }),
    ).toEqual({
      environment: 'must be one of Development, QA, Staging, Production',
      moduleName: expect.stringContaining('lowercase') as string,
      version: expect.stringContaining('semantic version') as string,
      faultId: 'must be a non-empty string',
    });
  });

  it('follows the gateway’s rules for module names and versions', () => {
    expect(problemsOf({ ...valid, moduleName: 'm'.repeat(65) })).toHaveProperty('moduleName');
    expect(problemsOf({ ...valid, version: `1.0.0-${'a'.repeat(123)}` })).toHaveProperty('version');
    expect(parseInjectFault({ ...valid, version: `1.0.0-${'a'.repeat(122)}` }).ok).toBe(true);
    expect(problemsOf({ ...valid, version: '1.0.0-01' })).toHaveProperty('version');
    expect(parseInjectFault({ ...valid, version: '1.0.0-beta.1+build.7' }).ok).toBe(true);
  });

  it('keeps every figure within its range', () => {
    expect(
      problemsOf({
        ...valid,
        errorRate: 1.01,
        latencyMs: 600_001,
        cpu: -1,
        memory: '50',
        failInstall: 'yes',
      }),
    ).toEqual({
      errorRate: 'must be a number from 0 to 1',
      latencyMs: 'must be a number from 0 to 600000',
      cpu: 'must be a number from 0 to 100',
      memory: 'must be a number from 0 to 100',
      failInstall: 'must be true or false',
    });
    expect(problemsOf({ ...valid, errorRate: null })).toEqual({
      errorRate: 'must be a number from 0 to 1',
    });
  });

  it('must have an effect: a figure or failInstall: true', () => {
    const { errorRate: _, ...noFigures } = valid;
    expect(problemsOf(noFigures)).toEqual({
      effects: expect.stringContaining('errorRate') as string,
    });
    expect(problemsOf({ ...noFigures, failInstall: false })).toHaveProperty('effects');
  });
});

describe('RemoveFault and ListFaults payloads', () => {
  it('a removal names the fault, the command and who asks', () => {
    const removal = { commandId: 'cmd-2', actor: 'bob@example.com', faultId: 'f1' };
    expect(parseRemoveFault(removal)).toEqual({ ok: true, value: removal });
    expect(parseRemoveFault({ faultId: 'f1' })).toMatchObject({
      ok: false,
      error: { fields: { commandId: 'is required', actor: 'is required' } },
    });
  });

  it('a listing filters by environment when it names one', () => {
    expect(parseListFaults({})).toEqual({ ok: true, value: {} });
    expect(parseListFaults({ environment: 'QA' })).toEqual({
      ok: true,
      value: { environment: 'QA' },
    });
    expect(parseListFaults({ environment: 'qa' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { environment: expect.any(String) as string } },
    });
  });
});

describe('the README', () => {
  it('shows an InjectFault that is accepted as it stands', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    const example = /## Faults[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    const payload = JSON.parse(example!.replaceAll('"…"', '"id-1"')) as unknown;
    expect(parseInjectFault(payload)).toMatchObject({ ok: true, value: payload as object });
  });
});
