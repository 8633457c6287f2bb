import {
  createDevelopmentCa,
  issueSigningCertificate,
  signModule,
  type CertifiedKey,
} from '@hotswap/module-signing';
import { sha256Hex } from '@hotswap/messaging';
import { scanOutcome, type ScanInput } from './security-scan.js';

// Real keys and certificates (openssl), fixed dates: the verdicts do not depend on today.
const NOW = new Date('2026-06-01T12:00:00.000Z');
const JAN_2026 = new Date('2026-01-01T00:00:00.000Z');
const binary = new TextEncoder().encode('payment-processor 2.1.0: the module bytes');

let ca: CertifiedKey;
let signer: CertifiedKey;
let otherSigner: CertifiedKey;
let expired: CertifiedKey;
let untrusted: CertifiedKey;

beforeAll(async () => {
  ca = await createDevelopmentCa({ commonName: 'HotSwap Dev CA', days: 3650, notBefore: JAN_2026 });
  const otherCa = await createDevelopmentCa({
    commonName: 'Other CA',
    days: 3650,
    notBefore: JAN_2026,
  });
  signer = await issueSigningCertificate({
    ca,
    commonName: 'Payments team',
    days: 365,
    notBefore: JAN_2026,
  });
  otherSigner = await issueSigningCertificate({
    ca,
    commonName: 'Other team',
    days: 365,
    notBefore: JAN_2026,
  });
  expired = await issueSigningCertificate({
    ca,
    commonName: 'Old team',
    days: 30,
    notBefore: new Date('2026-01-01T00:00:00.000Z'),
  });
  untrusted = await issueSigningCertificate({
    ca: otherCa,
    commonName: 'Stranger',
    days: 365,
    notBefore: JAN_2026,
  });
}, 60_000);

/** A module signed with `key`'s private key, presented with `certificate`'s certificate. */
function registered(key: CertifiedKey, certificate: CertifiedKey = key, bytes = binary) {
  return {
    digest: sha256Hex(bytes),
    signature: signModule(bytes, key.privateKeyPem),
    certificatePem: certificate.certificatePem,
  };
}

const scan = (overrides: Partial<ScanInput>) =>
  scanOutcome({
    moduleName: 'payment-processor',
    version: '2.1.0',
    environment: 'Production',
    strict: true,
    binary,
    trustedCaPems: [ca.certificatePem],
    now: NOW,
    ...overrides,
  });

describe('SecurityScan', () => {
  it('passes a module signed by a certificate of a trusted CA, naming the signer', () => {
    const outcome = scan({ registration: registered(signer) });
    expect(outcome).toEqual({
      outcome: 'succeeded',
      message: expect.stringMatching(
        /^payment-processor 2\.1\.0 is signed by CN=Payments team \(SHA-256 [0-9a-f]{64}\), chained to a trusted CA$/,
      ) as string,
    });
  });

  it.each<[string, () => Partial<ScanInput>, RegExp]>([
    [
      'a binary changed by one byte',
      () => {
        const changed = Uint8Array.from(binary);
        changed[0] = changed[0]! ^ 1;
        return {
          registration: { ...registered(signer), digest: sha256Hex(changed) },
          binary: changed,
        };
      },
      /the signature does not verify over the binary/,
    ],
    [
      'a binary other than the registered one',
      () => ({ registration: registered(signer), binary: new Uint8Array([1]) }),
      /is not the one registered/,
    ],
    [
      'another key than the certificate’s',
      () => ({ registration: registered(otherSigner, signer) }),
      /the signature does not verify/,
    ],
    ['an expired certificate', () => ({ registration: registered(expired) }), /expired/],
    [
      'a certificate of an untrusted CA',
      () => ({ registration: registered(untrusted) }),
      /trusted CA/,
    ],
    [
      'no trusted CA at all',
      () => ({ registration: registered(signer), trustedCaPems: [] }),
      /HOTSWAP_TRUSTED_CA_FILES is empty/,
    ],
    ['an unregistered module', () => ({}), /is not registered: it has no signature to check/],
    [
      'a binary missing from the store',
      () => ({ registration: registered(signer), binary: undefined }),
      /missing from the module store/,
    ],
  ])('fails a strict environment for %s, and warns elsewhere', (_, change, problem) => {
    const input = change();
    const strict = scan({ ...input, ...('binary' in input ? { binary: input.binary } : {}) });
    expect(strict.outcome).toBe('failed');
    expect(strict).toMatchObject({
      reason: expect.stringMatching(
        /^Signature check failed \(Production deploys only verified modules\): /,
      ) as string,
    });
    expect((strict as { reason: string }).reason).toMatch(problem);
    const lenient = scan({ ...input, environment: 'Development', strict: false });
    expect(lenient.outcome).toBe('succeeded');
    expect((lenient as { message: string }).message).toMatch(
      /^Warning, not verified \(Development is not strict\): /,
    );
    expect((lenient as { message: string }).message).toMatch(problem);
  });
});
