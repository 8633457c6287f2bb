// README.md's examples, run as written there: the TypeScript one, and the openssl commands that
// make and check the same detached signature without HotSwap.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  createDevelopmentCa,
  digestOf,
  issueSigningCertificate,
  signModule,
  verifyModule,
  type CertifiedKey,
} from './index.js';

const run = promisify(execFile);

describe('README examples', () => {
  let ca: CertifiedKey;
  let signer: CertifiedKey;
  let dir: string;
  const binary = new TextEncoder().encode('the module bytes');

  beforeAll(async () => {
    ca = await createDevelopmentCa({ commonName: 'HotSwap Dev CA', days: 365 });
    signer = await issueSigningCertificate({ ca, commonName: 'Payments team', days: 90 });
    dir = await mkdtemp(path.join(tmpdir(), 'hotswap-readme-'));
    await writeFile(path.join(dir, 'module.wasm'), binary);
    await writeFile(path.join(dir, 'key.pem'), signer.privateKeyPem);
    await writeFile(path.join(dir, 'cert.pem'), signer.certificatePem);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('signs and verifies (the TypeScript example)', () => {
    const signature = signModule(binary, signer.privateKeyPem);
    const check = {
      binary,
      signature,
      certificatePem: signer.certificatePem,
      trustedCaPems: [ca.certificatePem],
      now: new Date(),
    };
    expect(verifyModule(check)).toEqual({
      ok: true,
      digest: digestOf(binary),
      signer: expect.objectContaining({
        subject: 'CN=Payments team',
        issuer: 'CN=HotSwap Dev CA',
      }) as unknown,
    });
    expect(
      verifyModule({ ...check, binary: new TextEncoder().encode('the module byteS') }),
    ).toEqual({
      ok: false,
      problems: [
        "the signature does not verify over the binary with the key of the signing certificate 'CN=Payments team' (RSA, SHA-256): the binary changed since it was signed, or another key signed it",
      ],
    });
  });

  it('verifies a signature openssl dgst made', async () => {
    await run(
      'openssl',
      ['dgst', '-sha256', '-sign', 'key.pem', '-out', 'module.sig.bin', 'module.wasm'],
      {
        cwd: dir,
      },
    );
    const signature = (await readFile(path.join(dir, 'module.sig.bin'))).toString('base64');
    expect(signature).toBe(signModule(binary, signer.privateKeyPem));
    const check = {
      binary,
      signature,
      certificatePem: signer.certificatePem,
      trustedCaPems: [ca.certificatePem],
      now: new Date(),
    };
    expect(verifyModule(check).ok).toBe(true);
  });

  it('makes signatures openssl dgst verifies', async () => {
    const signature = signModule(binary, signer.privateKeyPem);
    await writeFile(path.join(dir, 'module.sig.bin'), Buffer.from(signature, 'base64'));
    await run('openssl', ['x509', '-in', 'cert.pem', '-pubkey', '-noout', '-out', 'public.pem'], {
      cwd: dir,
    });
    const { stdout } = await run(
      'openssl',
      ['dgst', '-sha256', '-verify', 'public.pem', '-signature', 'module.sig.bin', 'module.wasm'],
      { cwd: dir },
    );
    expect(stdout.trim()).toBe('Verified OK');
  });
});
