import type { EventData } from './events.js';
import { AppendTooLarge, InvalidAppend } from './errors.js';
import { parseStreamName } from './stream-name.js';

/** Upper bound on events per append: keeps one append one bounded record in every adapter. */
export const MAX_EVENTS_PER_APPEND = 1000;

/** Checks shared by every adapter before anything is sent. */
export function validateAppend(streamName: string, events: readonly EventData[]): void {
  if (events.length === 0) {
    throw new InvalidAppend(`Append to stream '${streamName}' has no events`);
  }
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppend(
      `Append to stream '${streamName}' has ${events.length} events; at most ${MAX_EVENTS_PER_APPEND} may be appended at once`,
    );
  }
  const ids = new Set<string>();
  events.forEach((event, index) => {
    if (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > 100) {
      throw new InvalidAppend(
        `events[${index}].id must be a non-empty string of at most 100 characters`,
      );
    }
    if (typeof event.type !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/.test(event.type)) {
      throw new InvalidAppend(
        `events[${index}].type must be a name like 'DeploymentRequested' or 'DeploymentRequested.v2'`,
      );
    }
    if (ids.has(event.id)) {
      throw new InvalidAppend(`events[${index}].id '${event.id}' appears twice in one append`);
    }
    ids.add(event.id);
  });
}

/** Size of an append as the adapters count it against their limit: the JSON of the events. */
export function appendSizeBytes(events: readonly EventData[]): number {
  return Buffer.byteLength(JSON.stringify(events));
}

/** Default limit for one append, the same as EventStoreDB's default `MaxAppendSize` (1 MiB). */
export const DEFAULT_MAX_APPEND_BYTES = 1024 * 1024;

/**
 * Everything an adapter checks before it sends an append whose size it counts as JSON: the stream
 * name, the events, and the size against `maxAppendBytes`.
 */
export function assertAppendable(
  streamName: string,
  events: readonly EventData[],
  maxAppendBytes: number,
): void {
  parseStreamName(streamName);
  validateAppend(streamName, events);
  const size = appendSizeBytes(events);
  if (size > maxAppendBytes) throw new AppendTooLarge(streamName, size, maxAppendBytes);
}
