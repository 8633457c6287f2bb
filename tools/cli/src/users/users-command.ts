import { UsageError } from '../cli-error.js';
import { readStdin } from '../read-stdin.js';
import { ADD_USER_USAGE, addUserCommand, type AddUserDependencies } from './add-user-command.js';

export const USERS_USAGE = ADD_USER_USAGE;

/** `hotswap users <subcommand>`: who may log in to the gateway, and with which role. */
export async function usersCommand(
  args: readonly string[],
  write: (line: string) => void,
  dependencies: AddUserDependencies = { readStdin, env: process.env },
): Promise<void> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case 'add':
      return addUserCommand(rest, write, dependencies);
    case undefined:
      throw new UsageError(`Missing subcommand (usage: ${USERS_USAGE})`);
    default:
      throw new UsageError(`Unknown subcommand '${subcommand}' (usage: ${USERS_USAGE})`);
  }
}
