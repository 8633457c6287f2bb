import { generateKeyPairSync } from 'node:crypto';
import { digestOf, signModule } from './index.js';

const pem = (type: 'rsa' | 'ec', options: object) =>
  generateKeyPairSync(type as 'rsa', options as { modulusLength: number })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

describe('digestOf', () => {
  it('is the SHA-256 of the bytes in lower-case hex', () => {
    expect(digestOf(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(digestOf(new Uint8Array())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('signModule', () => {
  const binary = new Uint8Array([1, 2, 3]);

  it('makes a base64 RSA-2048 signature, the same each time (PKCS#1 v1.5 is deterministic)', () => {
    const key = pem('rsa', { modulusLength: 2048 });
    const signature = signModule(binary, key);
    expect(Buffer.from(signature, 'base64')).toHaveLength(256);
    expect(signModule(binary, key)).toBe(signature);
  });

  it.each([
    [
      'an RSA-1024 key',
      () => pem('rsa', { modulusLength: 1024 }),
      new RangeError(
        'the private key is RSA-1024; module signatures need RSA of at least 2048 bits',
      ),
    ],
    [
      'an EC key',
      () => pem('ec', { namedCurve: 'P-256' }),
      new RangeError('the private key is ec, not RSA (module signatures are RSA with SHA-256)'),
    ],
  ])('refuses %s', (_case, key, error) => {
    expect(() => signModule(binary, key())).toThrow(error);
  });

  it('refuses text that is not a private key, naming it', () => {
    expect(() => signModule(binary, 'garbage')).toThrow(
      /^the private key is not a usable PEM private key \(/,
    );
  });
});
