import type { ModuleEvent } from '@hotswap/contracts';
import { publicDataOf } from './public-data.js';

describe('public data of module events', () => {
  it('ModuleRegistered: what identifies the binary and its signer, not where it is or the signature', () => {
    const signer = {
      subject: 'CN=HotSwap Release Signing',
      issuer: 'CN=HotSwap CA',
      serialNumber: '0a1b2c',
      validTo: '2027-11-22T00:00:00.000Z',
    };
    const registered: ModuleEvent = {
      type: 'ModuleRegistered',
      data: {
        moduleName: 'payment-processor',
        version: '2.1.0',
        digest: 'ab'.repeat(32),
        size: 1_048_576,
        objectName: 'modules/payment-processor/2.1.0',
        signature: 'c2lnbmF0dXJl',
        certificatePem: '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----',
        signer,
        registeredAt: '2026-11-22T10:00:04.012Z',
      },
    };
    expect(publicDataOf('module', registered.type, registered.data)).toStrictEqual({
      moduleName: 'payment-processor',
      version: '2.1.0',
      digest: 'ab'.repeat(32),
      size: 1_048_576,
      signer,
    });
  });
});
