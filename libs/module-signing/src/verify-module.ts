import { constants, verify, type X509Certificate } from 'node:crypto';
import { chainProblems } from './chain-problems.js';
import { digestOf } from './digest-of.js';
import { readCertificates } from './read-certificates.js';
import { rsaKeyProblem } from './rsa-key-size.js';
import { nameOf, signerOf, type Signer } from './signer.js';
import { validityProblems } from './validity-problems.js';

export interface VerifyModuleInput {
  readonly binary: Uint8Array;
  /** Base64, as signModule makes it; whitespace (line breaks, a file's last newline) is ignored. */
  readonly signature: string;
  /** The signing certificate, optionally followed by the intermediates up to a trusted CA. */
  readonly certificatePem: string;
  /** The CA certificates trusted to issue signing certificates; each PEM may hold several. */
  readonly trustedCaPems: readonly string[];
  readonly now: Date;
}

export type ModuleVerification =
  | { readonly ok: true; readonly digest: string; readonly signer: Signer }
  | { readonly ok: false; readonly problems: readonly string[] };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks a module's detached signature, its signing certificate and the chain to a trusted CA, and
 * says every problem it finds in plain words. Never throws: bad input is a problem too.
 */
export function verifyModule(input: VerifyModuleInput): ModuleVerification {
  // `?? {}`: JavaScript callers may pass anything; that is a list of problems too, not a throw.
  const { binary, signature, certificatePem, trustedCaPems, now } =
    input ?? ({} as VerifyModuleInput);
  const problems: string[] = [];
  const validNow = now instanceof Date && !Number.isNaN(now.getTime());
  if (!validNow) problems.push('now is not a valid date');
  const isBinary = binary instanceof Uint8Array;
  if (!isBinary) problems.push('the binary is not bytes (Uint8Array)');
  const signatureText = typeof signature === 'string' ? signature.replace(/\s+/g, '') : '';
  const signatureBytes = BASE64.test(signatureText)
    ? Buffer.from(signatureText, 'base64')
    : undefined;
  if (!signatureBytes) problems.push('the signature is not base64 text');

  const trustedCas: X509Certificate[] = [];
  for (const [index, pem] of (Array.isArray(trustedCaPems) ? trustedCaPems : []).entries()) {
    const read = readCertificates(pem, `trusted CA certificate ${index + 1}`);
    if (read.ok) trustedCas.push(...read.certificates);
    else problems.push(read.problem);
  }

  const bundle = readCertificates(certificatePem, 'the signing certificate');
  if (!bundle.ok) return { ok: false, problems: [bundle.problem, ...problems] };
  const [signing, ...intermediates] = bundle.certificates as [
    X509Certificate,
    ...X509Certificate[],
  ];
  const who = `the signing certificate ${nameOf(signing)}`;

  const keyProblem = rsaKeyProblem(signing.publicKey, `the public key of ${who}`);
  if (keyProblem) problems.push(keyProblem);
  if (signing.ca) {
    problems.push(
      `${who} is a CA certificate: modules are signed with a certificate a CA issued, not with a CA's own key`,
    );
  }
  if (isBinary && signatureBytes && signing.publicKey.asymmetricKeyType === 'rsa') {
    if (!signatureVerifies(binary, signatureBytes, signing)) {
      problems.push(
        `the signature does not verify over the binary with the key of ${who} (RSA, SHA-256): the binary changed since it was signed, or another key signed it`,
      );
    }
  }
  if (validNow) {
    problems.push(...validityProblems(signing, who, now));
    problems.push(...chainProblems(signing, intermediates, trustedCas, now));
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, digest: digestOf(binary), signer: signerOf(signing) };
}

function signatureVerifies(binary: Uint8Array, signature: Buffer, signing: X509Certificate) {
  try {
    const key = { key: signing.publicKey, padding: constants.RSA_PKCS1_PADDING };
    return verify('sha256', binary, key, signature);
  } catch {
    return false;
  }
}
