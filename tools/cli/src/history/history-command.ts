import { deploymentTimeline } from '@hotswap/history';
import { CommandFailed, UsageError } from '../cli-error.js';
import { openStore, storeLocation } from '../connection.js';
import { formatJson, formatLine } from './format-event.js';

export const HISTORY_USAGE = 'hotswap history <executionId> [--json]';

/** `hotswap history <executionId> [--json]`: a deployment's whole timeline from the event store. */
export async function historyCommand(
  args: readonly string[],
  write: (line: string) => void,
): Promise<void> {
  const json = args.includes('--json');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  if (unknown.length > 0)
    throw new UsageError(`Unknown option ${unknown[0]} (usage: ${HISTORY_USAGE})`);
  const positional = args.filter((a) => !a.startsWith('-'));
  if (positional.length === 0)
    throw new UsageError(`Missing argument <executionId> (usage: ${HISTORY_USAGE})`);
  if (positional.length > 1)
    throw new UsageError(`Unexpected argument '${positional[1]}' (usage: ${HISTORY_USAGE})`);
  const executionId = positional[0]!;
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(executionId)) {
    throw new UsageError(
      `Argument <executionId> '${executionId}' is not an execution id (letters, digits, '-' and '_')`,
    );
  }
  const connection = await openStore(storeLocation());
  try {
    const timeline = await deploymentTimeline(connection.store, executionId);
    if (timeline === undefined) {
      throw new CommandFailed(`No deployment ${executionId} in the event store`);
    }
    for (const event of timeline) {
      write(json ? formatJson(event) : formatLine(event));
    }
  } finally {
    await connection.close();
  }
}
