import {
  DEFAULT_USERS_FILE,
  MIN_PASSWORD_LENGTH,
  ROLES,
  USERS_FILE_VARIABLE,
  UserRefused,
  addUser,
  isRole,
} from '@hotswap/auth';
import { CommandFailed, UsageError } from '../cli-error.js';
import { parseCommandLine } from '../modules/command-line.js';

export const ADD_USER_USAGE = `hotswap users add <username> --role <${ROLES.join('|')}> [--password <p>] [--file <users.json>] [--replace]`;

export interface AddUserDependencies {
  /** The password when --password is not given: all of stdin, without its final newline. */
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** bcrypt's cost; tests lower it. */
  readonly cost?: number;
}

/**
 * `hotswap users add`: adds a user to the users file the gateway reads (HOTSWAP_USERS_FILE,
 * `.data/users.json` by default). The password comes from --password or stdin, so it can be kept
 * out of the shell's history: `printf '%s' "$PASSWORD" | npm run hotswap -- users add …`.
 */
export async function addUserCommand(
  args: readonly string[],
  write: (line: string) => void,
  dependencies: AddUserDependencies,
): Promise<void> {
  const replace = args.includes('--replace');
  const { positional, options } = parseCommandLine(
    args.filter((arg) => arg !== '--replace'),
    ['--role', '--password', '--file'],
    ADD_USER_USAGE,
  );
  const [username, extra] = positional;
  if (username === undefined) {
    throw new UsageError(`Missing argument <username> (usage: ${ADD_USER_USAGE})`);
  }
  if (extra !== undefined) {
    throw new UsageError(`Unexpected argument '${extra}' (usage: ${ADD_USER_USAGE})`);
  }
  const role = options.get('--role');
  if (role === undefined) throw new UsageError(`Missing option --role (usage: ${ADD_USER_USAGE})`);
  if (!isRole(role)) {
    throw new UsageError(`Option --role '${role}' is not a role: expected ${ROLES.join(', ')}`);
  }
  const fromOption = options.get('--password');
  const password = fromOption ?? (await dependencies.readStdin()).replace(/\r?\n$/, '');
  const source = fromOption === undefined ? 'the password read from stdin' : 'Option --password';
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(
      `${source} is too weak: it needs at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  const file =
    options.get('--file') ?? (dependencies.env[USERS_FILE_VARIABLE] || DEFAULT_USERS_FILE);

  try {
    await addUser(
      file,
      { username, password, roles: [role] },
      { replace, ...(dependencies.cost !== undefined && { cost: dependencies.cost }) },
    );
  } catch (error) {
    if (!(error instanceof UserRefused)) throw error;
    if (error.field === 'username' && error.message.endsWith('already exists')) {
      throw new CommandFailed(`${error.message} in ${file} (add --replace to replace it)`);
    }
    throw new UsageError(`Argument <${error.field}>: ${error.message}`);
  }
  write(`${replace ? 'Saved' : 'Added'} user '${username}' (${role}) in ${file}`);
}
