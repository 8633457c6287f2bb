import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createDevelopmentCa,
  digestOf,
  issueSigningCertificate,
  verifyModule,
  type CertifiedKey,
} from '@hotswap/module-signing';
import { runAsText } from '../../test/run-captured.js';

// Real keys and certificates (openssl through @hotswap/module-signing) in a temporary folder.
describe('hotswap modules sign', () => {
  let dir: string;
  let ca: CertifiedKey;
  const binary = Buffer.from('\x00asm payment-processor 2.1.0');
  const at = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hotswap-cli-sign-'));
    ca = await createDevelopmentCa({ commonName: 'HotSwap Dev CA', days: 30 });
    const signer = await issueSigningCertificate({ ca, commonName: 'Payments team', days: 30 });
    const other = await issueSigningCertificate({ ca, commonName: 'Someone else', days: 30 });
    await writeFile(at('module.wasm'), binary);
    await writeFile(at('key.pem'), signer.privateKeyPem);
    await writeFile(at('cert.pem'), signer.certificatePem);
    await writeFile(at('other-key.pem'), other.privateKeyPem);
    const lapsed = await issueSigningCertificate({
      ca,
      commonName: 'Lapsed',
      days: 1,
      notBefore: new Date(Date.now() - 3 * 86_400_000),
    });
    await writeFile(at('lapsed-key.pem'), lapsed.privateKeyPem);
    await writeFile(at('lapsed-cert.pem'), lapsed.certificatePem);
    await writeFile(
      at('garbled.pem'),
      '-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n',
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = runAsText;

  it('writes <file>.sig, which verifyModule accepts, and prints the digest and signer', async () => {
    const result = await run(
      'modules',
      'sign',
      at('module.wasm'),
      '--key',
      at('key.pem'),
      '--cert',
      at('cert.pem'),
    );
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain(`into ${at('module.wasm.sig')}`);
    expect(result.out).toContain(`digest    ${digestOf(binary)} (SHA-256)`);
    expect(result.out).toContain('signer    CN=Payments team');
    expect(result.out).toContain('issuer    CN=HotSwap Dev CA');

    const verification = verifyModule({
      binary: await readFile(at('module.wasm')),
      signature: await readFile(at('module.wasm.sig'), 'utf8'),
      certificatePem: await readFile(at('cert.pem'), 'utf8'),
      trustedCaPems: [ca.certificatePem],
      now: new Date(),
    });
    expect(verification).toMatchObject({ ok: true, digest: digestOf(binary) });
  });

  it('writes where --out says', async () => {
    const result = await run(
      'modules',
      'sign',
      at('module.wasm'),
      `--out=${at('elsewhere.sig')}`,
      '--key',
      at('key.pem'),
      '--cert',
      at('cert.pem'),
    );
    expect(result.code).toBe(0);
    expect(await readFile(at('elsewhere.sig'), 'utf8')).toMatch(/^[A-Za-z0-9+/]+=*\n$/);
  });

  it('signs with a certificate that is not valid now, and warns', async () => {
    const result = await run(
      'modules',
      'sign',
      at('module.wasm'),
      '--key',
      at('lapsed-key.pem'),
      '--cert',
      at('lapsed-cert.pem'),
      '--out',
      at('lapsed.sig'),
    );
    expect(result.code).toBe(0);
    expect(result.out).toMatch(
      /\nwarning: the certificate is not valid now \(\S+ to \S+\); strict environments will refuse this module$/,
    );
  });

  // '@name' stands for the file `name` in the temporary folder, in arguments and messages alike.
  it.each<[string, string, number, string]>([
    ['no subcommand', 'modules', 2, 'hotswap modules: Missing subcommand'],
    ['an unknown subcommand', 'modules publish', 2, "Unknown subcommand 'publish'"],
    ['no <file>', 'modules sign --key @key.pem --cert @cert.pem', 2, 'Missing argument <file>'],
    ['no --key', 'modules sign @module.wasm --cert @cert.pem', 2, 'Missing option --key <key.pem>'],
    [
      'no --cert',
      'modules sign @module.wasm --key @key.pem',
      2,
      'Missing option --cert <cert.pem>',
    ],
    [
      '--key without a value',
      'modules sign @module.wasm --key --cert @cert.pem',
      2,
      'Option --key needs a value',
    ],
    ['an unknown option', 'modules sign @module.wasm --force', 2, 'Unknown option --force'],
    [
      '--out naming the module itself',
      'modules sign @module.wasm --key @key.pem --cert @cert.pem --out @module.wasm',
      2,
      "Option --out '@module.wasm' is the module file itself",
    ],
    [
      'a missing <file>',
      'modules sign @nope.wasm --key @key.pem --cert @cert.pem',
      1,
      "<file> '@nope.wasm': cannot read (no such file)",
    ],
    [
      'a missing --key file',
      'modules sign @module.wasm --key @nope.pem --cert @cert.pem',
      1,
      "--key '@nope.pem': cannot read (no such file)",
    ],
    [
      'a --key that is not a key',
      'modules sign @module.wasm --key @cert.pem --cert @cert.pem',
      1,
      "--key '@cert.pem': the private key is not a usable PEM private key",
    ],
    [
      'a --cert that does not parse',
      'modules sign @module.wasm --key @key.pem --cert @garbled.pem',
      1,
      "--cert '@garbled.pem': it does not parse as an X.509 certificate",
    ],
    [
      'a --cert that is not PEM',
      'modules sign @module.wasm --key @key.pem --cert @module.wasm',
      1,
      "--cert '@module.wasm': it holds no PEM certificate",
    ],
    [
      'a --key of another certificate',
      'modules sign @module.wasm --key @other-key.pem --cert @cert.pem',
      1,
      "--key '@other-key.pem' is not the key of the certificate in --cert '@cert.pem'",
    ],
    [
      'push without its options',
      'modules push @module.wasm',
      2,
      'hotswap modules: Missing option --name',
    ],
  ])('refuses %s', async (_case, commandLine, code, message) => {
    const inFolder = (text: string) => text.replace(/@([\w.-]+)/g, (_, name: string) => at(name));
    const result = await run(...commandLine.split(' ').map(inFolder));
    expect(result).toMatchObject({ code, out: '' });
    expect(result.err).toContain(inFolder(message));
  });
});
