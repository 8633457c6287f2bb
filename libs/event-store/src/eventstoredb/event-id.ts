import { createHash } from 'node:crypto';

/**
 * EventStoreDB event ids must be UUIDs, while the port accepts any id of up to 100 characters
 * (commands often derive one, e.g. `approve-<deployment>-<stage>`). The id EventStoreDB stores must
 * be a pure function of ours, or a retried append would not be recognised as the same append.
 *
 * - An id that already is a canonical (lowercase, hyphenated) UUID is stored as it is; EventStoreDB
 *   hands UUIDs back in exactly that form, so it round-trips unchanged.
 * - Any other id (including an uppercase UUID) is stored as the name-based UUID v5 (RFC 4122 §4.3,
 *   SHA-1) of the id in HotSwap's own namespace below; the original id travels in the event
 *   metadata under `HOTSWAP_ID_KEY` and replaces the UUID again when the event is read.
 */

/** Namespace of HotSwap event ids. Never change it: stored ids and idempotent retries depend on it. */
export const HOTSWAP_EVENT_ID_NAMESPACE = '841def1a-60d4-4442-88ea-e18ad985fa9d';

/**
 * Metadata key holding the original id of an event whose id is not a canonical UUID. The `$` prefix
 * keeps it out of HotSwap's own metadata names (which are camelCase); EventStoreDB gives meaning only
 * to specific `$` keys (`$correlationId`, `$causationId`) and ignores others.
 */
export const HOTSWAP_ID_KEY = '$hotswapId';

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isCanonicalUuid(id: string): boolean {
  return CANONICAL_UUID.test(id);
}

/** The id EventStoreDB stores for an event whose port id is `id`. */
export function eventStoreDBEventId(id: string): string {
  return isCanonicalUuid(id) ? id : uuidV5(id, HOTSWAP_EVENT_ID_NAMESPACE);
}

/** RFC 4122 name-based UUID (version 5, SHA-1) of `name` (UTF-8) in `namespace`. */
export function uuidV5(name: string, namespace: string): string {
  const namespaceBytes = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (namespaceBytes.length !== 16) {
    throw new Error(`'${namespace}' is not a UUID`);
  }
  const bytes = createHash('sha1')
    .update(namespaceBytes)
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
