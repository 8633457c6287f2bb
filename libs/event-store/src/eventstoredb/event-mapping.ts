import {
  jsonEvent,
  type EventData as EventStoreDBEventData,
  type JSONType,
  type RecordedEvent as EventStoreDBRecordedEvent,
} from '@eventstore/db-client';
import type { EventData, EventMetadata, RecordedEvent } from '../events.js';
import type { ChainLink } from '../chain/event-hash.js';
import { eventStoreDBEventId, HOTSWAP_ID_KEY } from './event-id.js';

/**
 * Metadata keys of the hash chain (chain/event-hash.ts). `$`-prefixed like HOTSWAP_ID_KEY, so they
 * never meet HotSwap's own metadata names.
 */
export const HOTSWAP_HASH_KEY = '$hotswapHash';
export const HOTSWAP_PREVIOUS_HASH_KEY = '$hotswapPreviousHash';

/**
 * The caller's metadata as it is stored and read back, without the keys this mapping writes
 * itself: what the event's hash covers.
 */
export function callersMetadata(metadata: EventMetadata | undefined): EventMetadata {
  const {
    [HOTSWAP_ID_KEY]: _id,
    [HOTSWAP_HASH_KEY]: _hash,
    [HOTSWAP_PREVIOUS_HASH_KEY]: _previous,
    ...callers
  } = metadata ?? {};
  return callers;
}

/**
 * How a port event is stored in EventStoreDB: a JSON event whose id is derived from ours
 * (event-id.ts), whose metadata is our `EventMetadata` plus its link of the stream's hash chain,
 * as JSON, and whose data is our data as JSON.
 */
export function toEventStoreDBEvent(event: EventData, link: ChainLink): EventStoreDBEventData {
  const id = eventStoreDBEventId(event.id);
  // A caller's own `$hotswap…` keys must not be read back as the event id or its chain.
  const metadata: Record<string, unknown> = {
    ...callersMetadata(event.metadata),
    [HOTSWAP_PREVIOUS_HASH_KEY]: link.previousHash,
    [HOTSWAP_HASH_KEY]: link.hash,
  };
  if (id !== event.id) metadata[HOTSWAP_ID_KEY] = event.id;
  return jsonEvent({
    id,
    type: event.type,
    // The client serialises data with JSON.stringify, which accepts any JSON value (numbers,
    // booleans, null too) although its type only names objects, arrays and strings. `undefined`
    // has no JSON form and would make the client throw, so it is stored as null.
    data: (event.data === undefined ? null : event.data) as JSONType,
    metadata: metadata,
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
  const stored = asMetadata(recorded.metadata);
  const originalId = stored[HOTSWAP_ID_KEY];
  const hash = stored[HOTSWAP_HASH_KEY];
  const previousHash = stored[HOTSWAP_PREVIOUS_HASH_KEY];
  return {
    id: typeof originalId === 'string' ? originalId : recorded.id,
    type: recorded.type,
    data: recorded.data,
    metadata: callersMetadata(stored),
    streamName: recorded.streamId,
    revision: recorded.revision,
    position,
    recordedAt: recorded.created,
    ...(typeof hash === 'string' ? { hash } : {}),
    ...(typeof previousHash === 'string' ? { previousHash } : {}),
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
