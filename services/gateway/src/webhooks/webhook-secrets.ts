import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedWebhookSecret } from '@hotswap/contracts';
import type { Secret } from '@hotswap/config';

/** Outside production without HOTSWAP_WEBHOOK_SECRET_KEY: one random key for this process. */
let processKey: Buffer | undefined;

/**
 * Webhook secrets as the event store keeps them: AES-256-GCM under HOTSWAP_WEBHOOK_SECRET_KEY.
 * Not a hash: every delivery is signed (HMAC) with the secret itself, so the gateway must get it
 * back. A secret encrypted under another key (the key was changed, or a development process's
 * random key is gone) cannot be decrypted: decrypt() throws, and that webhook cannot sign.
 */
export class WebhookSecrets {
  private readonly key: Buffer;

  /** `key` from the configuration (libs/config); absent only outside production. */
  constructor(key: Secret | undefined) {
    this.key = key ? Buffer.from(key.reveal(), 'hex') : (processKey ??= randomBytes(32));
  }

  encrypt(secret: string): EncryptedWebhookSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      algorithm: 'aes-256-gcm',
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  decrypt(encrypted: EncryptedWebhookSecret): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(encrypted.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(encrypted.tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(encrypted.ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  }
}
