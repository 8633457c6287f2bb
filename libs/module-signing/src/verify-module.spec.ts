import { constants, createPrivateKey, sign } from 'node:crypto';
import {
  createDevelopmentCa,
  digestOf,
  issueSigningCertificate,
  signModule,
  verifyModule,
  type CertifiedKey,
  type VerifyModuleInput,
} from './index.js';

// Real keys, real certificates (openssl), fixed dates: the verdicts do not depend on today's date.
const NOW = new Date('2026-06-01T12:00:00.000Z');
const JAN_2026 = new Date('2026-01-01T00:00:00.000Z');
const binary = new TextEncoder().encode('payment-processor 2.1.0: the module bytes');

let ca: CertifiedKey;
let signer: CertifiedKey;
const certs: Record<string, CertifiedKey> = {};

beforeAll(async () => {
  ca = await createDevelopmentCa({ commonName: 'HotSwap Dev CA', days: 3650, notBefore: JAN_2026 });
  const otherCa = await createDevelopmentCa({
    commonName: 'Other CA',
    days: 3650,
    notBefore: JAN_2026,
  });
  const sameNameCa = await createDevelopmentCa({
    commonName: 'HotSwap Dev CA',
    days: 3650,
    notBefore: JAN_2026,
  });
  const expiredCa = await createDevelopmentCa({
    commonName: 'Old CA',
    days: 365,
    notBefore: new Date('2024-01-01T00:00:00.000Z'),
  });
  const intermediate = await createDevelopmentCa({
    commonName: 'Team CA',
    days: 3650,
    notBefore: JAN_2026,
    issuer: ca,
  });
  const issue = (commonName: string, from: CertifiedKey, more: object = {}) =>
    issueSigningCertificate({ ca: from, commonName, days: 365, notBefore: JAN_2026, ...more });
  [
    signer,
    certs['other'],
    certs['untrusted'],
    certs['impostor'],
    certs['expired'],
    certs['notYetValid'],
    certs['small'],
    certs['underExpiredCa'],
    certs['underIntermediate'],
  ] = await Promise.all([
    issue('Payments team', ca),
    issue('Someone else', ca),
    issue('Stranger', otherCa),
    issue('Impostor', sameNameCa),
    issue('Lapsed', ca, { notBefore: new Date('2025-01-01T00:00:00.000Z'), days: 30 }),
    issue('Early', ca, { notBefore: new Date('2026-09-01T00:00:00.000Z') }),
    issue('Small key', ca, { keyBits: 1024 }),
    issue('Orphan', expiredCa, { notBefore: new Date('2024-06-01T00:00:00.000Z'), days: 1000 }),
    issue('Team member', intermediate),
  ]);
  certs['intermediate'] = intermediate;
  certs['expiredCa'] = expiredCa;
});

/** A valid input for the signer, with some fields replaced. */
function input(change: Partial<VerifyModuleInput> = {}): VerifyModuleInput {
  return {
    binary,
    signature: signModule(binary, signer.privateKeyPem),
    certificatePem: signer.certificatePem,
    trustedCaPems: [ca.certificatePem],
    now: NOW,
    ...change,
  };
}

function signedBy(identity: CertifiedKey, change: Partial<VerifyModuleInput> = {}) {
  // sign() directly: signModule refuses keys under 2048 bits, which one case needs.
  const signature = sign('sha256', binary, {
    key: createPrivateKey(identity.privateKeyPem),
    padding: constants.RSA_PKCS1_PADDING,
  }).toString('base64');
  return input({ signature, certificatePem: identity.certificatePem, ...change });
}

/** Breaks the DER structure (the first base64 line holds the outer lengths and tags). */
function garble(pem: string): string {
  const lines = pem.split('\n');
  lines[1] = lines[1]!.replace(/[A-Za-z]/g, (c) => (c === 'A' ? 'B' : 'A'));
  return lines.join('\n');
}

const SIGNATURE_PROBLEM = (name: string) =>
  `the signature does not verify over the binary with the key of the signing certificate '${name}' (RSA, SHA-256): the binary changed since it was signed, or another key signed it`;

describe('verifyModule', () => {
  it('accepts a module signed by a certificate the trusted CA issued', () => {
    const result = verifyModule(input());
    expect(result).toEqual({
      ok: true,
      digest: digestOf(binary),
      signer: {
        subject: 'CN=Payments team',
        issuer: 'CN=HotSwap Dev CA',
        serialNumber: expect.stringMatching(/^[0-9A-F]{32}$/) as unknown,
        validTo: '2027-01-01T00:00:00.000Z',
      },
    });
  });

  it('accepts a chain through an intermediate sent with the signing certificate', () => {
    const { certificatePem } = certs['underIntermediate']!;
    const bundle = certificatePem + certs['intermediate']!.certificatePem;
    expect(verifyModule(signedBy(certs['underIntermediate']!, { certificatePem: bundle }))).toEqual(
      expect.objectContaining({ ok: true }),
    );
  });

  it.each<[string, () => VerifyModuleInput, string[]]>([
    [
      'the binary changed by one byte',
      () => {
        const changed = Uint8Array.from(binary);
        changed[7] = changed[7]! ^ 0x01;
        return input({ binary: changed });
      },
      [SIGNATURE_PROBLEM('CN=Payments team')],
    ],
    [
      'a signature made with another key',
      () => input({ signature: signModule(binary, certs['other']!.privateKeyPem) }),
      [SIGNATURE_PROBLEM('CN=Payments team')],
    ],
    [
      'an expired certificate',
      () => signedBy(certs['expired']!),
      [
        `the signing certificate 'CN=Lapsed' expired on 2025-01-31T00:00:00.000Z (now 2026-06-01T12:00:00.000Z)`,
      ],
    ],
    [
      'a certificate not yet valid',
      () => signedBy(certs['notYetValid']!),
      [
        `the signing certificate 'CN=Early' is not valid before 2026-09-01T00:00:00.000Z (now 2026-06-01T12:00:00.000Z)`,
      ],
    ],
    [
      'a certificate another CA issued',
      () => signedBy(certs['untrusted']!),
      [
        `'CN=Stranger' is issued by 'CN=Other CA', which is not a trusted CA (trusted: 'CN=HotSwap Dev CA')`,
      ],
    ],
    [
      'a certificate from another CA of the trusted CA’s name',
      () => signedBy(certs['impostor']!),
      [
        `'CN=Impostor' names the trusted CA 'CN=HotSwap Dev CA' as its issuer, but that CA's key does not verify its signature`,
      ],
    ],
    [
      'no trusted CAs',
      () => input({ trustedCaPems: [] }),
      ['no trusted CA certificate is configured (or none parses), so no signer can be trusted'],
    ],
    [
      'a trusted CA that expired',
      () =>
        signedBy(certs['underExpiredCa']!, { trustedCaPems: [certs['expiredCa']!.certificatePem] }),
      [
        `the trusted CA 'CN=Old CA' expired on 2024-12-31T00:00:00.000Z (now 2026-06-01T12:00:00.000Z)`,
      ],
    ],
    [
      'an intermediate not sent with the signing certificate',
      () => signedBy(certs['underIntermediate']!),
      [
        `'CN=Team member' is issued by 'CN=Team CA', which is not a trusted CA (trusted: 'CN=HotSwap Dev CA')`,
      ],
    ],
    [
      'an RSA-1024 key',
      () => signedBy(certs['small']!),
      [
        `the public key of the signing certificate 'CN=Small key' is RSA-1024; module signatures need RSA of at least 2048 bits`,
      ],
    ],
    [
      'a CA signing modules with its own key',
      () => signedBy(ca),
      [
        `the signing certificate 'CN=HotSwap Dev CA' is a CA certificate: modules are signed with a certificate a CA issued, not with a CA's own key`,
      ],
    ],
  ])('refuses %s', (_case, make, problems) => {
    expect(verifyModule(make())).toEqual({ ok: false, problems });
  });

  it.each<[string, () => VerifyModuleInput, RegExp[]]>([
    [
      'a garbled certificate PEM',
      () => input({ certificatePem: garble(signer.certificatePem) }),
      [/^the signing certificate does not parse as an X\.509 certificate: /],
    ],
    [
      'a certificate that is not PEM at all',
      () => input({ certificatePem: 'hello' }),
      [/^the signing certificate holds no PEM certificate \(-----BEGIN CERTIFICATE-----\)$/],
    ],
    [
      'a garbled trusted CA PEM (and so no trusted CA)',
      () => input({ trustedCaPems: [garble(ca.certificatePem)] }),
      [/^trusted CA certificate 1 does not parse as an X\.509 certificate: /, /^no trusted CA/],
    ],
    [
      'a signature that is not base64',
      () => input({ signature: 'not base64!' }),
      [/^the signature is not base64 text$/],
    ],
    [
      'an invalid date for now',
      () => input({ now: new Date('garbage') }),
      [/^now is not a valid date$/],
    ],
    [
      'values of the wrong types',
      () =>
        ({
          binary: 'x',
          signature: 1,
          certificatePem: null,
          trustedCaPems: 'pem',
          now: NOW,
        }) as never,
      [
        /^the binary is not bytes/,
        /^the signing certificate is not PEM text$/,
        /^the signature is not base64 text$/,
      ],
    ],
  ])('refuses %s without throwing', (_case, make, patterns) => {
    const result = verifyModule(make());
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(patterns.length);
    for (const pattern of patterns) expect(problems).toContainEqual(expect.stringMatching(pattern));
  });

  it('lists every problem it finds, not only the first', () => {
    const result = verifyModule(signedBy(certs['expired']!, { binary: new Uint8Array([1]) }));
    expect(result.ok ? [] : result.problems).toEqual([
      SIGNATURE_PROBLEM('CN=Lapsed'),
      `the signing certificate 'CN=Lapsed' expired on 2025-01-31T00:00:00.000Z (now 2026-06-01T12:00:00.000Z)`,
    ]);
  });

  it('takes the validity ends as included', () => {
    expect(verifyModule(input({ now: new Date('2027-01-01T00:00:00.000Z') })).ok).toBe(true);
    expect(verifyModule(input({ now: new Date('2027-01-01T00:00:01.000Z') })).ok).toBe(false);
    expect(verifyModule(input({ now: JAN_2026 })).ok).toBe(true);
  });

  it('ignores line breaks in the signature (openssl base64 wraps at 64; a .sig file ends with one)', () => {
    const wrapped = signModule(binary, signer.privateKeyPem).replace(/.{64}/g, '$&\n');
    expect(verifyModule(input({ signature: wrapped })).ok).toBe(true);
    expect(
      verifyModule(input({ signature: `${signModule(binary, signer.privateKeyPem)}\n` })).ok,
    ).toBe(true);
  });
});
