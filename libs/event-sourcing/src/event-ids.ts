import { createHash } from 'node:crypto';

/**
 * A UUID derived from what caused an event (the command id, or the id of the event a workflow
 * reacted to) and its place among the events decided: deciding again after a crash or a
 * redelivery produces the same ids, so the store drops the second append (its idempotency).
 */
export function derivedEventId(causationId: string, index: number): string {
  const hash = createHash('sha1').update(`${causationId}#${index}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
