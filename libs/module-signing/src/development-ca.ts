// Development and test certificates: a local CA (optionally an intermediate under another) and
// code-signing certificates it issues, with chosen validity dates, including ones already expired
// or not yet valid. Keys come from node:crypto; the certificates from the openssl CLI (`req` for
// the request, `ca` for the certificate, since OpenSSL 3.0's `x509 -req` cannot set a start date).
import { generateKeyPair, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runOpenssl } from './openssl.js';

/** A certificate (PEM) and its private key (PKCS#8 PEM, unencrypted). */
export interface CertifiedKey {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface CertificateOptions {
  /** The subject's common name (CN), at most 64 characters. */
  readonly commonName: string;
  /** Whole days from notBefore to notAfter. */
  readonly days: number;
  /** Start of validity; now by default. A date in the past with few days makes an expired one. */
  readonly notBefore?: Date;
  /** The openssl executable; 'openssl' (found on the PATH) by default. */
  readonly openssl?: string;
}

/** A self-signed root CA, or with `issuer` an intermediate CA that issuer signs. */
export function createDevelopmentCa(
  options: CertificateOptions & { readonly issuer?: CertifiedKey },
): Promise<CertifiedKey> {
  return issue(options, 'v3_ca', 2048, options.issuer);
}

/**
 * A code-signing certificate (CA:FALSE, digitalSignature, codeSigning) the CA issues, with a new
 * RSA key: 2048 bits unless `keyBits` says otherwise (smaller only to test that it is refused).
 */
export function issueSigningCertificate(
  options: CertificateOptions & { readonly ca: CertifiedKey; readonly keyBits?: number },
): Promise<CertifiedKey> {
  return issue(options, 'v3_signing', options.keyBits ?? 2048, options.ca);
}

const generateRsa = promisify(generateKeyPair);
const DAY_MS = 86_400_000;

async function issue(
  options: CertificateOptions,
  extensions: 'v3_ca' | 'v3_signing',
  keyBits: number,
  issuer: CertifiedKey | undefined,
): Promise<CertifiedKey> {
  const { notBefore, notAfter } = validity(options);
  const subject = subjectOf(options.commonName);
  if (!Number.isInteger(keyBits) || keyBits < 1024 || keyBits > 16384) {
    throw new RangeError(`keyBits must be a whole number from 1024 to 16384 (got ${keyBits})`);
  }
  const openssl = options.openssl ?? 'openssl';
  const { privateKey } = await generateRsa('rsa', { modulusLength: keyBits });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  const dir = await mkdtemp(path.join(tmpdir(), 'hotswap-signing-'));
  try {
    await writeFile(path.join(dir, 'openssl.cnf'), CONFIG);
    await writeFile(path.join(dir, 'index.txt'), '');
    await writeFile(path.join(dir, 'serial'), `${serialNumber()}\n`);
    await writeFile(path.join(dir, 'key.pem'), privateKeyPem, { mode: 0o600 });
    const run = (args: string[]) => runOpenssl(openssl, args, dir);
    const request = ['-new', '-utf8', '-key', 'key.pem', '-subj', subject, '-out', 'request.pem'];
    await run(['req', '-config', 'openssl.cnf', ...request]);
    const signer = issuer
      ? ['-cert', 'issuer.pem', '-keyfile', 'issuer-key.pem']
      : ['-selfsign', '-keyfile', 'key.pem'];
    if (issuer) {
      await writeFile(path.join(dir, 'issuer.pem'), issuer.certificatePem);
      await writeFile(path.join(dir, 'issuer-key.pem'), issuer.privateKeyPem, { mode: 0o600 });
    }
    await run([
      'ca',
      '-config',
      'openssl.cnf',
      '-batch',
      '-notext',
      '-utf8',
      ...signer,
      '-in',
      'request.pem',
      '-out',
      'certificate.pem',
      '-extensions',
      extensions,
      '-startdate',
      opensslTime(notBefore),
      '-enddate',
      opensslTime(notAfter),
    ]);
    const certificatePem = await readFile(path.join(dir, 'certificate.pem'), 'utf8');
    return { certificatePem, privateKeyPem };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function validity(options: CertificateOptions): { notBefore: Date; notAfter: Date } {
  if (!Number.isInteger(options.days) || options.days < 1) {
    throw new RangeError(`days must be a whole number of at least 1 (got ${options.days})`);
  }
  const start = options.notBefore ?? new Date();
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
    throw new RangeError('notBefore must be a valid date');
  }
  // Certificates hold whole seconds.
  const notBefore = new Date(Math.floor(start.getTime() / 1000) * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + options.days * DAY_MS) };
}

/** `-subj` text: '/' and '+' separate names there, so they (and '\') are escaped. */
function subjectOf(commonName: string): string {
  const characters = [...(typeof commonName === 'string' ? commonName : '')];
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (characters.length < 1 || characters.length > 64 || /[\u0000-\u001f\u007f]/.test(commonName)) {
    throw new RangeError(
      `commonName must be 1 to 64 characters without control characters (got ${JSON.stringify(commonName)})`,
    );
  }
  return `/CN=${commonName.replace(/[\\/+]/g, (c) => `\\${c}`)}`;
}

/** GeneralizedTime text, which `openssl ca -startdate/-enddate` accepts (stored as UTCTime until 2049). */
function opensslTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`;
}

/** 16 random bytes, positive and without a leading zero byte (RFC 5280 allows up to 20 octets). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x40;
  return bytes.toString('hex').toUpperCase();
}

// Relative paths: openssl runs in the temporary folder. `ca` keeps its database there too.
const CONFIG = `[ req ]
distinguished_name = req_dn
[ req_dn ]
[ ca ]
default_ca = hotswap
[ hotswap ]
database = index.txt
new_certs_dir = .
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_signing ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;
