import { readFile } from 'node:fs/promises';
import { CommandFailed, UsageError } from '../cli-error.js';
import { parseCommandLine } from '../modules/command-line.js';
import { readStdin } from '../read-stdin.js';

export const LOGIN_USAGE =
  'hotswap login <username> [--password-stdin] [--gateway <url>]   (prints a token)';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:5000';
/** Where `npm start` keeps development secrets, the three users' passwords among them. */
export const DEFAULT_CREDENTIALS_FILE = '.data/credentials.json';

export interface LoginDependencies {
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
}

/**
 * `hotswap login <username>`: asks the gateway for a token and prints only the token, for
 * `TOKEN=$(npm run -s hotswap -- login deployer)`. The password comes from stdin with
 * --password-stdin, else HOTSWAP_PASSWORD, else (development) the user's entry in the
 * credentials file `npm start` wrote (HOTSWAP_CREDENTIALS_FILE, `.data/credentials.json`).
 */
export async function loginCommand(
  args: readonly string[],
  write: (line: string) => void,
  dependencies: LoginDependencies = { readStdin, env: process.env, fetch },
): Promise<void> {
  const fromStdin = args.includes('--password-stdin');
  const { positional, options } = parseCommandLine(
    args.filter((arg) => arg !== '--password-stdin'),
    ['--gateway'],
    LOGIN_USAGE,
  );
  const [username, extra] = positional;
  if (username === undefined) {
    throw new UsageError(`Missing argument <username> (usage: ${LOGIN_USAGE})`);
  }
  if (extra !== undefined) {
    throw new UsageError(`Unexpected argument '${extra}' (usage: ${LOGIN_USAGE})`);
  }
  const gateway = gatewayUrl(options.get('--gateway') ?? dependencies.env['HOTSWAP_GATEWAY_URL']);
  const password = fromStdin
    ? (await dependencies.readStdin()).replace(/\r?\n$/, '')
    : (dependencies.env['HOTSWAP_PASSWORD'] ??
      (await developmentPassword(username, dependencies.env)));

  let response: Response;
  try {
    response = await dependencies.fetch(`${gateway}/api/v1/authentication/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new CommandFailed(`The gateway at ${gateway} did not answer (${cause}): is it running?`);
  }
  const body = (await response.json().catch(() => ({}))) as { token?: string; message?: string };
  if (response.status !== 200 || typeof body.token !== 'string') {
    throw new CommandFailed(`${response.status}: ${body.message ?? 'the login was refused'}`);
  }
  write(body.token);
}

function gatewayUrl(given: string | undefined): string {
  const url = given ?? DEFAULT_GATEWAY_URL;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
  } catch {
    throw new UsageError(`Option --gateway '${url}' is not an http(s) URL`);
  }
  return url.replace(/\/$/, '');
}

async function developmentPassword(
  username: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  const file = env['HOTSWAP_CREDENTIALS_FILE'] || DEFAULT_CREDENTIALS_FILE;
  let credentials: { users?: Record<string, unknown> };
  try {
    credentials = JSON.parse(await readFile(file, 'utf8')) as typeof credentials;
  } catch {
    throw new UsageError(
      `No password: give it with --password-stdin or HOTSWAP_PASSWORD (${file}, where npm start keeps development passwords, cannot be read)`,
    );
  }
  const password = credentials.users?.[username];
  if (typeof password !== 'string') {
    throw new UsageError(
      `No password: give it with --password-stdin or HOTSWAP_PASSWORD (${file} has none for '${username}')`,
    );
  }
  return password;
}
