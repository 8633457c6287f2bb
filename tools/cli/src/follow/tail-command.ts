import { UsageError } from '../cli-error.js';
import { openStore, storeLocation } from '../connection.js';
import { formatJson, formatLine } from '../history/format-event.js';
import { followEvents, untilInterrupted } from './follow-events.js';

export const TAIL_USAGE = 'hotswap tail [--category <category>] [--type <type>]... [--json]';

const CATEGORY = /^[a-z][a-zA-Z0-9]{0,49}$/;
const TYPE = /^[A-Za-z][A-Za-z0-9]{0,99}$/;

/**
 * `hotswap tail`: every event from now on, as it is stored, until Ctrl-C; `--category` one
 * category's (deployment, rollout, node, approval, module, chaos), `--type` (repeatable) only
 * those types.
 */
export async function tailCommand(
  args: readonly string[],
  write: (line: string) => void,
  signal: AbortSignal = untilInterrupted(),
): Promise<void> {
  let category: string | undefined;
  const types = new Set<string>();
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`Option ${arg} needs a value (usage: ${TAIL_USAGE})`);
      }
      return next;
    };
    if (arg === '--json') json = true;
    else if (arg === '--category') {
      if (category !== undefined) throw new UsageError('Option --category is given twice');
      category = value();
      if (!CATEGORY.test(category)) {
        throw new UsageError(`Option --category '${category}' is not a category (e.g. deployment)`);
      }
    } else if (arg === '--type') {
      const type = value();
      if (!TYPE.test(type)) throw new UsageError(`Option --type '${type}' is not an event type`);
      types.add(type);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option ${arg} (usage: ${TAIL_USAGE})`);
    } else throw new UsageError(`Unexpected argument '${arg}' (usage: ${TAIL_USAGE})`);
  }
  const connection = await openStore(storeLocation());
  try {
    await followEvents(connection.store, {
      after: await connection.store.endPosition(),
      filter: category === undefined ? 'all' : { category },
      signal,
      onEvent: (event) => {
        if (types.size === 0 || types.has(event.type)) {
          write(json ? formatJson(event) : formatLine(event));
        }
      },
    });
  } finally {
    await connection.close();
  }
}
