import { UsageError } from '../cli-error.js';
import { GatewayClient, type GatewayDependencies } from '../gateway-client.js';
import { parseCommandLine } from './command-line.js';
import { readArgument } from './sign-command.js';

export const PUSH_USAGE =
  'hotswap modules push <file> --name <module> --version <version> --cert <cert.pem> [--sig <file.sig>] [--gateway <url>]   (token in HOTSWAP_TOKEN)';

export type PushDependencies = GatewayDependencies;

/**
 * `hotswap modules push`: uploads a module version with its detached signature (`<file>.sig` by
 * default, as `modules sign` writes it) and the signer's certificate to `POST /api/v1/modules`,
 * as the Admin whose token is in HOTSWAP_TOKEN (`hotswap login admin`).
 */
export async function pushCommand(
  args: readonly string[],
  write: (line: string) => void,
  dependencies: PushDependencies = { env: process.env, fetch },
): Promise<void> {
  const { positional, options } = parseCommandLine(
    args,
    ['--name', '--version', '--cert', '--sig', '--gateway'],
    PUSH_USAGE,
  );
  const [file, extra] = positional;
  if (file === undefined) throw new UsageError(`Missing argument <file> (usage: ${PUSH_USAGE})`);
  if (extra !== undefined)
    throw new UsageError(`Unexpected argument '${extra}' (usage: ${PUSH_USAGE})`);
  const need = (name: string) => {
    const value = options.get(name);
    if (value === undefined) throw new UsageError(`Missing option ${name} (usage: ${PUSH_USAGE})`);
    return value;
  };
  const name = need('--name');
  const version = need('--version');
  const certFile = need('--cert');
  const sigFile = options.get('--sig') ?? `${file}.sig`;
  const client = GatewayClient.from(options.get('--gateway'), dependencies);
  const form = new FormData();
  form.set('name', name);
  form.set('version', version);
  form.set('module', new Blob([await readArgument('<file>', file)]), 'module');
  form.set('signature', new Blob([await readArgument('--sig', sigFile)]), 'module.sig');
  form.set('certificate', new Blob([await readArgument('--cert', certFile)]), 'cert.pem');
  const { status, body } = await client.request<{ digest?: string; signer?: { subject?: string } }>(
    'POST',
    '/api/v1/modules',
    form,
  );
  write(
    `${status === 201 ? 'Registered' : 'Already registered'} ${name} ${version} (SHA-256 ${body.digest}, signed by ${body.signer?.subject})`,
  );
}
