import { checkDeploymentRequest } from './deployment-request-rules.js';

const valid = {
  moduleName: 'payment-processor',
  version: '2.1.0',
  targetEnvironment: 'Development',
  requesterEmail: 'alice@example.com',
};

describe('checkDeploymentRequest', () => {
  it('accepts a valid request', () => {
    expect(checkDeploymentRequest(valid)).toEqual({ ok: true, request: valid });
    expect(checkDeploymentRequest({ ...valid, version: '1.0.0-rc.1+build.5' }).ok).toBe(true);
  });

  it.each([
    ['moduleName', 'Payment_Processor'],
    ['moduleName', ''],
    ['moduleName', 'a'.repeat(65)],
    ['version', '2.1'],
    ['version', 'v2.1.0'],
    ['version', '02.1.0'],
    ['targetEnvironment', 'Prod'],
    ['requesterEmail', 'alice'],
    ['requesterEmail', 42],
  ])('names %s when it is %p', (field, value) => {
    const check = checkDeploymentRequest({ ...valid, [field]: value });
    expect(check.ok).toBe(false);
    expect(!check.ok && Object.keys(check.fields)).toEqual([field]);
  });

  it('names every bad field at once', () => {
    const check = checkDeploymentRequest({});
    expect(!check.ok && Object.keys(check.fields).sort()).toEqual([
      'moduleName',
      'requesterEmail',
      'targetEnvironment',
      'version',
    ]);
  });
});
