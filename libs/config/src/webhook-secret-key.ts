import { InvalidVariable } from './invalid-variable.js';
import type { Environment } from './readers.js';
import { Secret } from './secret.js';

/** The key that encrypts webhook secrets in their WebhookRegistered events (AES-256-GCM). */
export const WEBHOOK_SECRET_KEY_VARIABLE = 'HOTSWAP_WEBHOOK_SECRET_KEY';

/** AES-256 takes exactly 32 bytes. */
export const WEBHOOK_SECRET_KEY_BYTES = 32;

const EXPECTED = `${WEBHOOK_SECRET_KEY_BYTES * 2} hexadecimal characters (${WEBHOOK_SECRET_KEY_BYTES} random bytes, e.g. from \`openssl rand -hex ${WEBHOOK_SECRET_KEY_BYTES}\`)`;

/**
 * Reads HOTSWAP_WEBHOOK_SECRET_KEY (the gateway's): the key as a Secret, or undefined when it is
 * unset and may be (development and test). A bad value is never repeated.
 */
export function readWebhookSecretKey(
  env: Environment,
  { requiredBecause }: { readonly requiredBecause?: string } = {},
): Secret | undefined {
  const value = env[WEBHOOK_SECRET_KEY_VARIABLE]?.trim();
  if (value === undefined || value === '') {
    if (requiredBecause === undefined) return undefined;
    throw new InvalidVariable(
      WEBHOOK_SECRET_KEY_VARIABLE,
      `is required (${requiredBecause}): set it to ${EXPECTED}`,
    );
  }
  if (!/^[0-9a-fA-F]+$/.test(value) || value.length !== WEBHOOK_SECRET_KEY_BYTES * 2) {
    throw new InvalidVariable(
      WEBHOOK_SECRET_KEY_VARIABLE,
      `has an invalid value: expected ${EXPECTED}`,
    );
  }
  return new Secret(value);
}
