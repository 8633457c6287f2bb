import { constants, createPrivateKey, sign } from 'node:crypto';
import { rsaKeyProblem } from './rsa-key-size.js';

/**
 * A detached signature (base64) over the binary: RSA PKCS#1 v1.5 with SHA-256. Throws when the
 * PEM is not a private key (e.g. encrypted, garbled) or the key is not RSA of at least 2048 bits:
 * a signature that verification would refuse is never made.
 */
export function signModule(binary: Uint8Array, privateKeyPem: string): string {
  let key;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new TypeError(
      `the private key is not a usable PEM private key (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const problem = rsaKeyProblem(key, 'the private key');
  if (problem) throw new RangeError(problem);
  return sign('sha256', binary, { key, padding: constants.RSA_PKCS1_PADDING }).toString('base64');
}
