import { EXECUTION_ID_PATTERN, EXECUTION_ID_RULE } from '@hotswap/contracts';
import { deploymentTimeline } from '@hotswap/history';
import { CommandFailed, UsageError } from '../cli-error.js';
import { openStore, storeLocation } from '../connection.js';
import type { RecordedEvent } from '@hotswap/event-store';
import { followEvents, untilInterrupted } from '../follow/follow-events.js';
import { formatJson, formatLine } from './format-event.js';

export const HISTORY_USAGE = 'hotswap history <executionId> [--follow] [--json]';

/** The events after which nothing more happens to a deployment (until someone rolls it back). */
const FINAL = new Set(['DeploymentCompleted', 'DeploymentFailed', 'DeploymentRolledBack']);

/**
 * `hotswap history <executionId> [--follow] [--json]`: a deployment's whole timeline from the event
 * store; with `--follow`, then its events as they are stored, until it ends (or Ctrl-C).
 */
export async function historyCommand(
  args: readonly string[],
  write: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  const json = args.includes('--json');
  const follow = args.includes('--follow');
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json' && a !== '--follow');
  if (unknown.length > 0)
    throw new UsageError(`Unknown option ${unknown[0]} (usage: ${HISTORY_USAGE})`);
  const positional = args.filter((a) => !a.startsWith('-'));
  if (positional.length === 0)
    throw new UsageError(`Missing argument <executionId> (usage: ${HISTORY_USAGE})`);
  if (positional.length > 1)
    throw new UsageError(`Unexpected argument '${positional[1]}' (usage: ${HISTORY_USAGE})`);
  const executionId = positional[0]!;
  if (!EXECUTION_ID_PATTERN.test(executionId)) {
    throw new UsageError(
      `Argument <executionId> '${executionId}' is not an execution id (${EXECUTION_ID_RULE})`,
    );
  }
  const connection = await openStore(storeLocation());
  try {
    const timeline = await deploymentTimeline(connection.store, executionId);
    if (timeline === undefined) {
      throw new CommandFailed(`No deployment ${executionId} in the event store`);
    }
    const print = (event: RecordedEvent) => write(json ? formatJson(event) : formatLine(event));
    timeline.forEach(print);
    const last = timeline.at(-1)!;
    const ended = timeline.some((event) => FINAL.has(event.type));
    if (!follow || ended) return;
    const ours = new Set(
      ['deployment', 'rollout', 'approval'].map((category) => `${category}-${executionId}`),
    );
    ours.add(`rollout-${executionId}-rollback`);
    await followEvents(connection.store, {
      after: last.position,
      filter: 'all',
      signal: signal ?? untilInterrupted(),
      onEvent: (event) => {
        if (!ours.has(event.streamName) && event.metadata.correlationId !== executionId) return;
        print(event);
        return event.streamName === `deployment-${executionId}` && FINAL.has(event.type);
      },
    });
  } finally {
    await connection.close();
  }
}
