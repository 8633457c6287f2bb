import { readFile } from 'node:fs/promises';
import { CommandFailed, UsageError } from '../cli-error.js';
import { callGateway, gatewayUrl } from '../gateway-client.js';
import { parseCommandLine } from '../modules/command-line.js';
import { readStdin } from '../read-stdin.js';

export const LOGIN_USAGE =
  'hotswap login <username> [--password-stdin] [--gateway <url>]   (prints a token)';

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
  const gateway = gatewayUrl(options.get('--gateway'), dependencies.env);
  const password = fromStdin
    ? (await dependencies.readStdin()).replace(/\r?\n$/, '')
    : (dependencies.env['HOTSWAP_PASSWORD'] ??
      (await developmentPassword(username, dependencies.env)));

  const { body } = await callGateway<{ token?: string }>(
    dependencies.fetch,
    gateway,
    '/api/v1/authentication/login',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    },
  );
  if (typeof body.token !== 'string') {
    throw new CommandFailed('The gateway answered the login without a token');
  }
  write(body.token);
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
