import { parseFaultRequest } from './fault-request.js';
import { parseFaultsQuery } from './faults-query.js';

const valid = {
  environment: 'Development',
  moduleName: 'payment-processor',
  version: '2.1.0',
  errorRate: 0.2,
};

function fieldsOf(body: unknown, key?: string | string[]) {
  const parsed = parseFaultRequest(body, key);
  return parsed.ok ? {} : parsed.fields;
}

describe('validating a fault', () => {
  it('accepts a valid body, with or without an Idempotency-Key', () => {
    expect(parseFaultRequest(valid, undefined)).toEqual({
      ok: true,
      value: {
        spec: {
          environment: 'Development',
          moduleName: 'payment-processor',
          version: '2.1.0',
          errorRate: 0.2,
        },
        idempotencyKey: undefined,
      },
    });
    expect(parseFaultRequest(valid, 'chaos-1')).toMatchObject({
      ok: true,
      value: { idempotencyKey: 'chaos-1' },
    });
  });

  it('keeps every effect given, at the ends of its range, and ignores unknown fields', () => {
    const body = {
      ...valid,
      errorRate: 1,
      latencyMs: 600_000,
      cpu: 0,
      memory: 100,
      failInstall: true,
      note: 'ignored',
    };
    expect(parseFaultRequest(body, undefined)).toMatchObject({
      ok: true,
      value: {
        spec: {
          environment: 'Development',
          moduleName: 'payment-processor',
          version: '2.1.0',
          errorRate: 1,
          latencyMs: 600_000,
          cpu: 0,
          memory: 100,
          failInstall: true,
        },
      },
    });
  });

  it('names every bad field at once', () => {
    expect(fieldsOf({})).toEqual({
      environment: 'must be one of Development, QA, Staging, Production',
      moduleName: 'must be 1 to 64 lowercase letters, digits or dashes',
      version: 'must be a semantic version (semver 2.0) such as 2.1.0 or 1.0.0-beta.1',
      effects:
        'is required: at least one of errorRate, latencyMs, cpu, memory or failInstall: true',
    });
  });

  it('refuses a body that is not an object', () => {
    expect(fieldsOf([valid])).toMatchObject({ body: 'must be a JSON object' });
    expect(fieldsOf('errorRate=1')).toMatchObject({ body: 'must be a JSON object' });
  });

  it.each<[string, unknown, string]>([
    ['errorRate', 1.5, 'must be a number from 0 to 1'],
    ['errorRate', -0.1, 'must be a number from 0 to 1'],
    ['errorRate', '0.2', 'must be a number from 0 to 1'],
    ['latencyMs', 600_001, 'must be a number from 0 to 600000'],
    ['cpu', 101, 'must be a number from 0 to 100'],
    ['memory', null, 'must be a number from 0 to 100'],
    ['failInstall', 'yes', 'must be true or false'],
    ['environment', 'development', 'must be one of Development, QA, Staging, Production'],
    ['moduleName', 'Payment Processor', 'must be 1 to 64 lowercase letters, digits or dashes'],
    ['version', '2.1', 'must be a semantic version (semver 2.0) such as 2.1.0 or 1.0.0-beta.1'],
  ])('refuses %s %p', (field, value, problem) => {
    expect(fieldsOf({ ...valid, [field]: value })).toEqual({ [field]: problem });
  });

  it('needs at least one effect: failInstall false alone is none', () => {
    const { errorRate: _, ...noEffect } = valid;
    const problem = {
      effects:
        'is required: at least one of errorRate, latencyMs, cpu, memory or failInstall: true',
    };
    expect(fieldsOf(noEffect)).toEqual(problem);
    expect(fieldsOf({ ...noEffect, failInstall: false })).toEqual(problem);
    expect(fieldsOf({ ...noEffect, failInstall: true })).toEqual({});
    expect(fieldsOf({ ...noEffect, latencyMs: 0 })).toEqual({});
  });

  it.each<[string, string | string[]]>([
    ['empty', ''],
    ['201 characters long', 'a'.repeat(201)],
    ['given twice', ['a', 'b']],
  ])('refuses an Idempotency-Key %s', (_, key) => {
    expect(Object.keys(fieldsOf(valid, key))).toEqual(['Idempotency-Key']);
  });
});

describe('the fault list query', () => {
  it('takes an environment in any letter case, or none', () => {
    expect(parseFaultsQuery({})).toEqual({ ok: true, value: {} });
    expect(parseFaultsQuery({ environment: 'qa' })).toEqual({
      ok: true,
      value: { environment: 'QA' },
    });
  });

  it('names a bad environment', () => {
    expect(parseFaultsQuery({ environment: 'Moon' })).toEqual({
      ok: false,
      fields: { environment: 'must be one of Development, QA, Staging, Production' },
    });
    expect(parseFaultsQuery({ environment: ['QA', 'Staging'] })).toEqual({
      ok: false,
      fields: { environment: 'must be given once' },
    });
  });
});
