import { InvalidVariable } from './invalid-variable.js';
import type { Environment } from './readers.js';
import { Secret } from './secret.js';

/** The key that signs commands on NATS (HMAC-SHA256); see docs/adr/0006-signed-nats-commands.md. */
export const NATS_SIGNING_KEY_VARIABLE = 'HOTSWAP_NATS_SIGNING_KEY';

/** No shorter than HMAC-SHA256's output: a shorter key would be the weakest part. */
export const NATS_SIGNING_KEY_MIN_BYTES = 32;

const HEX_BYTES = /^(?:[0-9a-fA-F]{2})+$/;

const EXPECTED = `at least ${NATS_SIGNING_KEY_MIN_BYTES * 2} hexadecimal characters (${NATS_SIGNING_KEY_MIN_BYTES} random bytes or more, e.g. from \`openssl rand -hex ${NATS_SIGNING_KEY_MIN_BYTES}\`)`;

/** Why `text` cannot be a signing key, or undefined when it can; never repeats the text. */
export function natsSigningKeyProblem(text: string): string | undefined {
  if (!HEX_BYTES.test(text)) return `has an invalid value: expected ${EXPECTED}`;
  if (text.length < NATS_SIGNING_KEY_MIN_BYTES * 2) {
    return `is too short (${text.length} hexadecimal characters): expected ${EXPECTED}`;
  }
  return undefined;
}

/**
 * Reads HOTSWAP_NATS_SIGNING_KEY: the key as a Secret, or undefined when it is unset and may be
 * (development and test: commands then go unsigned and unchecked). A bad value is never repeated.
 */
export function readNatsSigningKey(
  env: Environment,
  { requiredBecause }: { readonly requiredBecause?: string } = {},
): Secret | undefined {
  const value = env[NATS_SIGNING_KEY_VARIABLE]?.trim();
  if (value === undefined || value === '') {
    if (requiredBecause === undefined) return undefined;
    throw new InvalidVariable(
      NATS_SIGNING_KEY_VARIABLE,
      `is required (${requiredBecause}): set it to ${EXPECTED}`,
    );
  }
  const problem = natsSigningKeyProblem(value);
  if (problem !== undefined) throw new InvalidVariable(NATS_SIGNING_KEY_VARIABLE, problem);
  return new Secret(value);
}
