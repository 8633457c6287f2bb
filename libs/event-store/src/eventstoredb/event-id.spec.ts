import { randomUUID } from 'node:crypto';
import {
  eventStoreDBEventId,
  HOTSWAP_EVENT_ID_NAMESPACE,
  isCanonicalUuid,
  uuidV5,
} from './event-id.js';

describe('EventStoreDB event ids', () => {
  it('computes RFC 4122 version 5 UUIDs (the RFC’s python.org example in the DNS namespace)', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
  });

  it('stores a canonical UUID id as it is, so it reads back unchanged', () => {
    const id = randomUUID();
    expect(eventStoreDBEventId(id)).toBe(id);
  });

  it('derives the same UUID from the same non-UUID id every time, so a retried append is recognised', () => {
    const derived = eventStoreDBEventId('approve-d1-canary');
    expect(derived).toBe(uuidV5('approve-d1-canary', HOTSWAP_EVENT_ID_NAMESPACE));
    expect(derived).toBe('e88baf06-cabc-52b8-94cf-5c378e2c4580');
    expect(eventStoreDBEventId('approve-d1-canary')).toBe(derived);
    expect(eventStoreDBEventId('approve-d1-prod')).not.toBe(derived);
    expect(isCanonicalUuid(derived)).toBe(true);
  });

  it('derives an id for UUIDs that are not in canonical lowercase form', () => {
    const upper = randomUUID().toUpperCase();
    expect(eventStoreDBEventId(upper)).not.toBe(upper);
    expect(eventStoreDBEventId(upper)).not.toBe(upper.toLowerCase());
    expect(isCanonicalUuid(eventStoreDBEventId(upper))).toBe(true);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow("'not-a-uuid' is not a UUID");
  });
});
