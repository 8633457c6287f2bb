import { CommandFailed, UsageError } from './cli-error.js';
import { HISTORY_USAGE, historyCommand } from './history/history-command.js';
import { TAIL_USAGE, tailCommand } from './follow/tail-command.js';
import { REPLAY_USAGE, replayCommand } from './replay/replay-command.js';
import { REJUDGE_USAGE, rejudgeCommand } from './rejudge/rejudge-command.js';
import { LOGIN_USAGE, loginCommand } from './login/login-command.js';
import { MODULES_USAGE, modulesCommand } from './modules/modules-command.js';
import { USERS_USAGE, usersCommand } from './users/users-command.js';
import { PROJECTIONS_USAGE, projectionsCommand } from './projections/projections-command.js';
import { VERIFY_USAGE, verifyCommand } from './verify/verify-command.js';

const COMMANDS: Record<
  string,
  { usage: string; run: (args: readonly string[], write: (line: string) => void) => Promise<void> }
> = {
  history: { usage: HISTORY_USAGE, run: (args, write) => historyCommand(args, write) },
  tail: { usage: TAIL_USAGE, run: (args, write) => tailCommand(args, write) },
  replay: { usage: REPLAY_USAGE, run: replayCommand },
  rejudge: { usage: REJUDGE_USAGE, run: rejudgeCommand },
  login: { usage: LOGIN_USAGE, run: (args, write) => loginCommand(args, write) },
  modules: { usage: MODULES_USAGE, run: modulesCommand },
  users: { usage: USERS_USAGE, run: (args, write) => usersCommand(args, write) },
  projections: { usage: PROJECTIONS_USAGE, run: (args, write) => projectionsCommand(args, write) },
  verify: { usage: VERIFY_USAGE, run: verifyCommand },
};

export const USAGE = ['Usage:', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');

/** Runs one command line; returns the exit code (0 done, 1 failed, 2 called wrongly). */
export async function runCli(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    (name === undefined ? err : out)(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`Unknown command '${name}'.\n${USAGE}`);
    return 2;
  }
  try {
    await command.run(args, out);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`hotswap ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof CommandFailed) {
      err(`hotswap ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
