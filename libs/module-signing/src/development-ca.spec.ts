import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createDevelopmentCa, issueSigningCertificate, type CertifiedKey } from './index.js';

const JAN_2026 = new Date('2026-01-01T00:00:00.000Z');

// X509Certificate's fields are getters, which jest's object matchers do not read.
const facts = ({ subject, issuer, ca }: X509Certificate) => ({ subject, issuer, ca });

describe('the development CA', () => {
  let root: CertifiedKey;
  let intermediate: CertifiedKey;
  let signing: CertifiedKey;

  beforeAll(async () => {
    root = await createDevelopmentCa({ commonName: 'Root', days: 30, notBefore: JAN_2026 });
    intermediate = await createDevelopmentCa({
      commonName: 'Team / Payments + Billing',
      days: 20,
      notBefore: JAN_2026,
      issuer: root,
    });
    signing = await issueSigningCertificate({ ca: intermediate, commonName: 'Ünïcode', days: 1 });
  });

  it('makes a self-signed root CA with the dates asked for', () => {
    const certificate = new X509Certificate(root.certificatePem);
    expect(facts(certificate)).toEqual({ subject: 'CN=Root', issuer: 'CN=Root', ca: true });
    expect(new Date(certificate.validFrom).toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(new Date(certificate.validTo).toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(root.privateKeyPem))).toBe(true);
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('makes an intermediate CA the issuer signs, with / and + in its name kept', () => {
    const certificate = new X509Certificate(intermediate.certificatePem);
    // The name holds a plain '+'; Node's text escapes it, as RFC 2253 does.
    expect(facts(certificate)).toEqual({
      subject: 'CN=Team / Payments \\+ Billing',
      issuer: 'CN=Root',
      ca: true,
    });
    expect(certificate.verify(new X509Certificate(root.certificatePem).publicKey)).toBe(true);
  });

  it('issues code-signing certificates (CA:FALSE), valid from now by default', () => {
    const certificate = new X509Certificate(signing.certificatePem);
    expect(facts(certificate)).toEqual({
      subject: 'CN=Ünïcode',
      issuer: 'CN=Team / Payments \\+ Billing',
      ca: false,
    });
    expect(certificate.keyUsage).toEqual(['1.3.6.1.5.5.7.3.3']); // extended key usage: codeSigning
    const validFrom = new Date(certificate.validFrom).getTime();
    expect(Math.abs(validFrom - Date.now())).toBeLessThan(60_000);
    expect(new Date(certificate.validTo).getTime() - validFrom).toBe(86_400_000);
  });

  it('says openssl is missing when it is', async () => {
    await expect(
      createDevelopmentCa({ commonName: 'x', days: 1, openssl: '/nonexistent/openssl' }),
    ).rejects.toThrow(
      /^openssl was not found \(ran '\/nonexistent\/openssl'\): .*apt-get install openssl/,
    );
  });

  it.each([
    [{ commonName: '', days: 1 }, /^commonName must be 1 to 64 characters/],
    [{ commonName: 'x'.repeat(65), days: 1 }, /^commonName must be 1 to 64 characters/],
    [{ commonName: 'a\nb', days: 1 }, /^commonName must be 1 to 64 characters/],
    [{ commonName: 'x', days: 0 }, /^days must be a whole number of at least 1 \(got 0\)$/],
    [{ commonName: 'x', days: 1.5 }, /^days must be a whole number/],
    [{ commonName: 'x', days: 1, notBefore: new Date('no') }, /^notBefore must be a valid date$/],
  ])('refuses %o', async (options, message) => {
    await expect(createDevelopmentCa(options)).rejects.toThrow(message);
  });

  it('refuses key sizes outside 1024 to 16384 bits', async () => {
    await expect(
      issueSigningCertificate({ ca: root, commonName: 'x', days: 1, keyBits: 512 }),
    ).rejects.toThrow('keyBits must be a whole number from 1024 to 16384 (got 512)');
  });
});
