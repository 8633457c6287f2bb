import { parseDeploymentRequest } from './deployment-request.js';

const valid = {
  moduleName: 'payment-processor',
  version: '2.1.0',
  targetEnvironment: 'Development',
  requesterEmail: 'alice@example.com',
};

function fieldsOf(body: unknown, key?: string | string[]) {
  const parsed = parseDeploymentRequest(body, key);
  return parsed.ok ? {} : parsed.fields;
}

describe('validating a deployment request', () => {
  it('accepts a valid body, with or without an Idempotency-Key', () => {
    expect(parseDeploymentRequest(valid, undefined)).toEqual({
      ok: true,
      value: { ...valid, idempotencyKey: undefined },
    });
    expect(parseDeploymentRequest(valid, 'retry-42')).toMatchObject({
      ok: true,
      value: { idempotencyKey: 'retry-42' },
    });
  });

  it('takes a strategy and its knobs, which the orchestrator checks against the policy', () => {
    expect(
      parseDeploymentRequest(
        { ...valid, strategy: 'Canary', overrides: { waveWaitMs: 0, judge: 'mann-whitney' } },
        undefined,
      ),
    ).toMatchObject({
      ok: true,
      value: { strategy: 'Canary', overrides: { waveWaitMs: 0, judge: 'mann-whitney' } },
    });
    expect(fieldsOf({ ...valid, strategy: 'Big-Bang', overrides: { waves: [50, 10] } })).toEqual({
      strategy: 'must be one of Direct, Rolling, BlueGreen, Canary',
      'overrides.waves': 'must increase from wave to wave',
    });
    expect(Object.keys(fieldsOf({ ...valid, overrides: 'fast' }))).toEqual(['overrides']);
  });

  it('names every bad field at once', () => {
    expect(Object.keys(fieldsOf({}))).toEqual([
      'moduleName',
      'version',
      'targetEnvironment',
      'requesterEmail',
    ]);
    expect(fieldsOf({ ...valid, targetEnvironment: 'Prod' })).toEqual({
      targetEnvironment: 'must be one of Development, QA, Staging, Production',
    });
  });

  it('refuses a body that is not an object', () => {
    expect(fieldsOf([valid])).toMatchObject({ body: 'must be a JSON object' });
    expect(fieldsOf(null)).toMatchObject({ body: 'must be a JSON object' });
  });

  it.each<[string, unknown]>([
    ['upper case', 'Payment'],
    ['an underscore', 'payment_processor'],
    ['empty', ''],
    ['65 characters', 'a'.repeat(65)],
    ['a number', 42],
  ])('refuses a module name that is %s', (_, moduleName) => {
    expect(Object.keys(fieldsOf({ ...valid, moduleName }))).toEqual(['moduleName']);
  });

  it.each([
    '1.0.0',
    '0.0.1',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0+build.5',
    '10.20.30-rc.1+sha.1',
  ])('accepts the version %s', (version) => {
    expect(fieldsOf({ ...valid, version })).toEqual({});
  });

  it.each(['1.0', '1', 'v1.0.0', '01.0.0', '1.0.0-', '1.0.0-01', '1.0.0+', 'latest'])(
    'refuses the version %s',
    (version) => {
      expect(Object.keys(fieldsOf({ ...valid, version }))).toEqual(['version']);
    },
  );

  it('refuses a version longer than 128 characters', () => {
    expect(Object.keys(fieldsOf({ ...valid, version: `1.0.0-${'a'.repeat(123)}` }))).toEqual([
      'version',
    ]);
  });

  it.each(['alice', 'alice@', '@example.com', 'alice @example.com', 'alice@example'])(
    'refuses the email %s',
    (requesterEmail) => {
      expect(Object.keys(fieldsOf({ ...valid, requesterEmail }))).toEqual(['requesterEmail']);
    },
  );

  it.each<[string, string | string[]]>([
    ['empty', ''],
    ['201 characters long', 'a'.repeat(201)],
    ['holding a tab', 'tab\there'],
    ['not ASCII', 'é'],
    ['given twice', ['a', 'b']],
  ])('refuses an Idempotency-Key %s', (_, key) => {
    expect(Object.keys(fieldsOf(valid, key))).toEqual(['Idempotency-Key']);
  });
});
