import { CommandFailed, UsageError } from '../cli-error.js';
import { SIGN_USAGE, signCommand } from './sign-command.js';

export const MODULES_USAGE = [
  SIGN_USAGE,
  '  hotswap modules push: not available yet; push arrives with the modules API (POST /api/v1/modules)',
].join('\n');

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
      throw new CommandFailed(
        'push is not available yet: it arrives with the modules API (POST /api/v1/modules). Sign with `hotswap modules sign` meanwhile.',
      );
    case undefined:
      throw new UsageError(`Missing subcommand (usage: ${SIGN_USAGE})`);
    default:
      throw new UsageError(`Unknown subcommand '${subcommand}' (usage: ${SIGN_USAGE})`);
  }
}
