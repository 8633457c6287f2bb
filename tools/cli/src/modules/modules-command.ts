import { UsageError } from '../cli-error.js';
import { PUSH_USAGE, pushCommand } from './push-command.js';
import { SIGN_USAGE, signCommand } from './sign-command.js';

export const MODULES_USAGE = [SIGN_USAGE, `  ${PUSH_USAGE}`].join('\n');

/** `hotswap modules <subcommand>`: what operators do with module binaries. */
export async function modulesCommand(
  args: readonly string[],
  write: (line: string) => void,
): Promise<void> {
  const [subcommand, ...rest] = args;
  switch (subcommand) {
    case 'sign':
      return signCommand(rest, write);
    case 'push':
      return pushCommand(rest, write);
    case undefined:
      throw new UsageError(`Missing subcommand (usage: ${MODULES_USAGE})`);
    default:
      throw new UsageError(`Unknown subcommand '${subcommand}' (usage: ${MODULES_USAGE})`);
  }
}
