import {
  jsonEvent,
  type EventData as EventStoreDBEventData,
  type JSONType,
  type RecordedEvent as EventStoreDBRecordedEvent,
} from '@eventstore/db-client';
import type { EventData, EventMetadata, RecordedEvent } from '../events.js';
import { eventStoreDBEventId, HOTSWAP_ID_KEY } from './event-id.js';

/**
 * How a port event is stored in EventStoreDB: a JSON event whose id is derived from ours
 * (event-id.ts), whose metadata is our `EventMetadata` as JSON, and whose data is our data as JSON.
 */
export function toEventStoreDBEvent(event: EventData): EventStoreDBEventData {
  const id = eventStoreDBEventId(event.id);
  // A caller's own `$hotswapId` must not be read back as the event id.
  const { [HOTSWAP_ID_KEY]: _callers, ...metadata } = event.metadata ?? {};
  return jsonEvent({
    id,
    type: event.type,
    // The client serialises data with JSON.stringify, which accepts any JSON value (numbers,
    // booleans, null too) although its type only names objects, arrays and strings. `undefined`
    // has no JSON form and would make the client throw, so it is stored as null.
    data: (event.data === undefined ? null : event.data) as JSONType,
    metadata: id === event.id ? metadata : { ...metadata, [HOTSWAP_ID_KEY]: event.id },
  });
}

/**
 * An event read from EventStoreDB as the port shows it. `position` comes from the caller because
 * where it is found depends on the read (see position.ts).
 */
export function fromEventStoreDBEvent(
  recorded: EventStoreDBRecordedEvent,
  position: bigint,
): RecordedEvent {
  const { [HOTSWAP_ID_KEY]: originalId, ...metadata } = asMetadata(recorded.metadata);
  return {
    id: typeof originalId === 'string' ? originalId : recorded.id,
    type: recorded.type,
    data: recorded.data,
    metadata,
    streamName: recorded.streamId,
    revision: recorded.revision,
    position,
    recordedAt: recorded.created,
  };
}

/**
 * EventStoreDB's own events ($metadata, $statsCollected, projection links `$>`…) and system
 * streams (`$`-prefixed) are not HotSwap events; `$all` reads and subscriptions skip them.
 */
export function isSystemEvent(
  recorded: Pick<EventStoreDBRecordedEvent, 'streamId' | 'type'>,
): boolean {
  return recorded.streamId.startsWith('$') || recorded.type.startsWith('$');
}

/** Metadata written by something other than HotSwap may be binary, a JSON array or a string. */
function asMetadata(raw: unknown): EventMetadata {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Uint8Array)
    return {};
  return raw as EventMetadata;
}
