import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { digestOf, readCertificates, signModule, signerOf } from '@hotswap/module-signing';
import { CommandFailed, UsageError } from '../cli-error.js';
import { parseCommandLine } from './command-line.js';

export const SIGN_USAGE =
  'hotswap modules sign <file> --key <key.pem> --cert <cert.pem> [--out <file.sig>]';

/**
 * `hotswap modules sign`: writes a detached signature of a module's binary (RSA, SHA-256, base64;
 * `<file>.sig` by default) with the operator's key, after checking the key belongs to the
 * certificate that will be uploaded beside it.
 */
export async function signCommand(
  args: readonly string[],
  write: (line: string) => void,
  now: Date = new Date(),
): Promise<void> {
  const { positional, options } = parseCommandLine(args, ['--key', '--cert', '--out'], SIGN_USAGE);
  const [file, extra] = positional;
  if (file === undefined) throw new UsageError(`Missing argument <file> (usage: ${SIGN_USAGE})`);
  if (extra !== undefined) {
    throw new UsageError(`Unexpected argument '${extra}' (usage: ${SIGN_USAGE})`);
  }
  const keyFile = required(options, '--key', '<key.pem>');
  const certFile = required(options, '--cert', '<cert.pem>');
  const out = options.get('--out') ?? `${file}.sig`;
  if (path.resolve(out) === path.resolve(file)) {
    throw new UsageError(`Option --out '${out}' is the module file itself`);
  }

  const binary = await readArgument('<file>', file);
  const keyPem = (await readArgument('--key', keyFile)).toString('utf8');
  const certPem = (await readArgument('--cert', certFile)).toString('utf8');

  const certificates = readCertificates(certPem, 'it');
  if (!certificates.ok) throw new CommandFailed(`--cert '${certFile}': ${certificates.problem}`);
  const certificate: X509Certificate = certificates.certificates[0]!;
  let signature: string;
  try {
    signature = signModule(binary, keyPem);
  } catch (error) {
    throw new CommandFailed(`--key '${keyFile}': ${(error as Error).message}`);
  }
  if (!certificate.checkPrivateKey(createPrivateKey(keyPem))) {
    throw new CommandFailed(
      `--key '${keyFile}' is not the key of the certificate in --cert '${certFile}' (their public keys differ)`,
    );
  }
  try {
    await writeFile(out, `${signature}\n`);
  } catch (error) {
    throw new CommandFailed(`--out '${out}': cannot write (${reasonOf(error)})`);
  }

  const signer = signerOf(certificate);
  write(`signed ${file} (${binary.length} bytes) into ${out}`);
  write(`digest    ${digestOf(binary)} (SHA-256)`);
  write(`signer    ${signer.subject}`);
  write(`issuer    ${signer.issuer}`);
  write(`serial    ${signer.serialNumber}`);
  write(`valid to  ${signer.validTo}`);
  const notBefore = new Date(certificate.validFrom);
  if (now < notBefore || now > new Date(signer.validTo)) {
    write(
      `warning: the certificate is not valid now (${notBefore.toISOString()} to ${signer.validTo}); strict environments will refuse this module`,
    );
  }
}

function required(options: Map<string, string>, name: string, value: string): string {
  const given = options.get(name);
  if (given === undefined) {
    throw new UsageError(`Missing option ${name} ${value} (usage: ${SIGN_USAGE})`);
  }
  return given;
}

export async function readArgument(what: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new CommandFailed(`${what} '${file}': cannot read (${reasonOf(error)})`);
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
