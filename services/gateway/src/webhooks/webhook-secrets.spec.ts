import { randomBytes } from 'node:crypto';
import { Secret } from '@hotswap/config';
import { WebhookSecrets } from './webhook-secrets.js';

describe('WebhookSecrets', () => {
  const key = () => new Secret(randomBytes(32).toString('hex'));

  it('gets the secret back under the same key, and never stores it in clear', () => {
    const secrets = new WebhookSecrets(key());
    const encrypted = secrets.encrypt('a-secret-of-enough-length');
    expect(JSON.stringify(encrypted)).not.toContain('a-secret-of-enough-length');
    expect(secrets.decrypt(encrypted)).toBe('a-secret-of-enough-length');
    // A fresh nonce each time: the same secret twice is not recognisable.
    expect(secrets.encrypt('a-secret-of-enough-length').ciphertext).not.toBe(encrypted.ciphertext);
  });

  it('refuses a secret encrypted under another key, or altered', () => {
    const encrypted = new WebhookSecrets(key()).encrypt('a-secret-of-enough-length');
    expect(() => new WebhookSecrets(key()).decrypt(encrypted)).toThrow();
    const secrets = new WebhookSecrets(key());
    const mine = secrets.encrypt('a-secret-of-enough-length');
    const altered = { ...mine, ciphertext: Buffer.from('x'.repeat(25)).toString('base64') };
    expect(() => secrets.decrypt(altered)).toThrow();
  });

  it('without a configured key uses one key for the whole process', () => {
    const encrypted = new WebhookSecrets(undefined).encrypt('a-secret-of-enough-length');
    expect(new WebhookSecrets(undefined).decrypt(encrypted)).toBe('a-secret-of-enough-length');
  });
});
