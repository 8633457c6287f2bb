import { CommandFailed, UsageError } from '../cli-error.js';
import { DEFAULT_GATEWAY_URL } from '../login/login-command.js';
import { parseCommandLine } from './command-line.js';
import { readArgument } from './sign-command.js';

export const PUSH_USAGE =
  'hotswap modules push <file> --name <module> --version <version> --cert <cert.pem> [--sig <file.sig>] [--gateway <url>]   (token in HOTSWAP_TOKEN)';

export interface PushDependencies {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
}

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
  const token = dependencies.env['HOTSWAP_TOKEN'];
  if (!token) {
    throw new UsageError(
      'No token: set HOTSWAP_TOKEN, e.g. HOTSWAP_TOKEN=$(npm run -s hotswap -- login admin)',
    );
  }
  const gateway = (
    options.get('--gateway') ??
    dependencies.env['HOTSWAP_GATEWAY_URL'] ??
    DEFAULT_GATEWAY_URL
  ).replace(/\/$/, '');

  const form = new FormData();
  form.set('name', name);
  form.set('version', version);
  form.set('module', new Blob([await readArgument('<file>', file)]), 'module');
  form.set('signature', new Blob([await readArgument('--sig', sigFile)]), 'module.sig');
  form.set('certificate', new Blob([await readArgument('--cert', certFile)]), 'cert.pem');
  let response: Response;
  try {
    response = await dependencies.fetch(`${gateway}/api/v1/modules`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new CommandFailed(`The gateway at ${gateway} did not answer (${cause}): is it running?`);
  }
  const body = (await response.json().catch(() => ({}))) as {
    message?: string;
    digest?: string;
    signer?: { subject?: string };
  };
  if (response.status !== 200 && response.status !== 201) {
    throw new CommandFailed(`${response.status}: ${body.message ?? 'the upload was refused'}`);
  }
  write(
    `${response.status === 201 ? 'Registered' : 'Already registered'} ${name} ${version} (SHA-256 ${body.digest}, signed by ${body.signer?.subject})`,
  );
}
