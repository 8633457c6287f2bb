import { EXECUTION_ID_PATTERN, EXECUTION_ID_RULE } from '@hotswap/contracts';
import { deploymentTimeline } from '@hotswap/history';
import { CommandFailed, UsageError } from '../cli-error.js';
import { openStore, storeLocation } from '../connection.js';
import { formatLine } from '../history/format-event.js';
import { parseCommandLine } from '../modules/command-line.js';
import { describeState, replay, summaryLine } from './replayed-state.js';

export const REPLAY_USAGE =
  'hotswap replay <executionId> [--at <ISO time | position>] [--step] [--json]';

const POSITION = /^\d{1,30}$/;

/**
 * `hotswap replay`: rebuilds a deployment's state as it was at a point of its history (`--at` a
 * time, the events stored until then; or a global position, those up to it) by folding its events
 * with the same deciders the services use, and prints it: stages, approval, rollout, canary waves.
 * `--step` walks the history one event at a time with where things stood after each.
 */
export async function replayCommand(
  args: readonly string[],
  write: (line: string) => void,
): Promise<void> {
  const flags = new Set<string>(args.filter((a) => a === '--step' || a === '--json'));
  const { positional, options } = parseCommandLine(
    args.filter((a) => !flags.has(a)),
    ['--at'],
    REPLAY_USAGE,
  );
  const [executionId, extra] = positional;
  if (executionId === undefined) {
    throw new UsageError(`Missing argument <executionId> (usage: ${REPLAY_USAGE})`);
  }
  if (extra !== undefined)
    throw new UsageError(`Unexpected argument '${extra}' (usage: ${REPLAY_USAGE})`);
  if (!EXECUTION_ID_PATTERN.test(executionId)) {
    throw new UsageError(
      `Argument <executionId> '${executionId}' is not an execution id (${EXECUTION_ID_RULE})`,
    );
  }
  const at = options.get('--at');
  const cut = at === undefined ? undefined : parseAt(at);

  const connection = await openStore(storeLocation());
  try {
    const timeline = await deploymentTimeline(connection.store, executionId);
    if (timeline === undefined) {
      throw new CommandFailed(`No deployment ${executionId} in the event store`);
    }
    const events = cut === undefined ? timeline : timeline.filter(cut);
    if (flags.has('--step')) {
      for (let i = 0; i < events.length; i++) {
        const state = replay(executionId, events.slice(0, i + 1));
        if (flags.has('--json')) write(JSON.stringify({ event: events[i]!.type, state }));
        else write(`${formatLine(events[i]!)}\n${summaryLine(state)}`);
      }
      return;
    }
    const state = replay(executionId, events);
    if (flags.has('--json')) write(JSON.stringify(state));
    else describeState(state).forEach((line) => write(line));
  } finally {
    await connection.close();
  }
}

/** `--at`: a global position (digits) or an ISO-8601 time. */
function parseAt(at: string): (event: { position: bigint; recordedAt: Date }) => boolean {
  if (POSITION.test(at)) {
    const position = BigInt(at);
    return (event) => event.position <= position;
  }
  const time = /^\d{4}-\d{2}-\d{2}T/.test(at) ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new UsageError(
      `Option --at '${at}' is neither a global position (digits) nor an ISO-8601 time such as 2026-11-22T10:00:00Z`,
    );
  }
  return (event) => event.recordedAt.getTime() <= time;
}
