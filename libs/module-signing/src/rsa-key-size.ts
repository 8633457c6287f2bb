import type { KeyObject } from 'node:crypto';

/** The smallest RSA modulus a module signature may use (issue 5: RSA-2048 or larger). */
export const MIN_RSA_BITS = 2048;

/** What is wrong with a key for module signatures, in plain words, or undefined when nothing is. */
export function rsaKeyProblem(key: KeyObject, whose: string): string | undefined {
  if (key.asymmetricKeyType !== 'rsa') {
    return `${whose} is ${key.asymmetricKeyType ?? 'not an asymmetric key'}, not RSA (module signatures are RSA with SHA-256)`;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS) {
    return `${whose} is RSA-${bits}; module signatures need RSA of at least ${MIN_RSA_BITS} bits`;
  }
  return undefined;
}
