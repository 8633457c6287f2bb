import { randomUUID } from 'node:crypto';
import type { JSONRecordedEvent } from '@eventstore/db-client';
import { eventStoreDBEventId, HOTSWAP_ID_KEY } from './event-id.js';
import { eventHash, GENESIS_HASH } from '../chain/event-hash.js';
import {
  callersMetadata,
  fromEventStoreDBEvent,
  HOTSWAP_HASH_KEY,
  HOTSWAP_PREVIOUS_HASH_KEY,
  isSystemEvent,
  toEventStoreDBEvent,
} from './event-mapping.js';

const stored = (overrides: Partial<JSONRecordedEvent> = {}): JSONRecordedEvent => ({
  streamId: 'deployment-d1',
  id: randomUUID(),
  isJson: true,
  revision: 2n,
  type: 'StageStarted',
  created: new Date('2024-05-01T10:00:00.000Z'),
  data: { stage: 'canary' },
  metadata: { correlationId: 'd1' },
  position: { commit: 900n, prepare: 900n },
  ...overrides,
});

const link = { previousHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
const chainKeys = {
  [HOTSWAP_PREVIOUS_HASH_KEY]: link.previousHash,
  [HOTSWAP_HASH_KEY]: link.hash,
};

describe('EventStoreDB event mapping', () => {
  it('writes a JSON event with our UUID id, data and metadata', () => {
    const id = randomUUID();
    const written = toEventStoreDBEvent(
      {
        id,
        type: 'DeploymentRequested',
        data: { version: '2.1.0' },
        metadata: { actor: 'alice' },
      },
      link,
    );
    expect(written).toEqual({
      id,
      contentType: 'application/json',
      type: 'DeploymentRequested',
      data: { version: '2.1.0' },
      metadata: { actor: 'alice', ...chainKeys },
    });
  });

  it('writes a non-UUID id as a derived UUID and keeps the original in metadata', () => {
    const written = toEventStoreDBEvent(
      {
        id: 'approve-d1-canary',
        type: 'StageApproved',
        data: {},
      },
      link,
    );
    expect(written.id).toBe(eventStoreDBEventId('approve-d1-canary'));
    expect(written.metadata).toEqual({ [HOTSWAP_ID_KEY]: 'approve-d1-canary', ...chainKeys });
  });

  it('never writes a caller’s own $hotswapId along with a UUID id', () => {
    const id = randomUUID();
    const written = toEventStoreDBEvent(
      {
        id,
        type: 'A',
        data: {},
        metadata: { [HOTSWAP_ID_KEY]: 'forged', actor: 'bob' },
      },
      link,
    );
    expect(written.metadata).toEqual({ actor: 'bob', ...chainKeys });
  });

  it('stores undefined data as null, which JSON can carry', () => {
    expect(
      toEventStoreDBEvent({ id: randomUUID(), type: 'A', data: undefined }, link).data,
    ).toBeNull();
  });

  it('reads an event back as the port shows it', () => {
    const event = stored();
    expect(fromEventStoreDBEvent(event, 900n)).toEqual({
      id: event.id,
      type: 'StageStarted',
      data: { stage: 'canary' },
      metadata: { correlationId: 'd1' },
      streamName: 'deployment-d1',
      revision: 2n,
      position: 900n,
      recordedAt: new Date('2024-05-01T10:00:00.000Z'),
    });
  });

  it('round-trips a non-UUID id through the metadata', () => {
    const written = toEventStoreDBEvent(
      {
        id: 'approve-d1-canary',
        type: 'StageApproved',
        data: {},
        metadata: { actor: 'a' },
      },
      link,
    );
    const read = fromEventStoreDBEvent(
      stored({ id: written.id, metadata: written.metadata as Record<string, unknown> }),
      1n,
    );
    expect(read.id).toBe('approve-d1-canary');
    expect(read.metadata).toEqual({ actor: 'a' });
  });

  it('reads metadata that is absent or not a JSON object as empty', () => {
    expect(
      fromEventStoreDBEvent(
        stored({ metadata: undefined as unknown as Record<string, unknown> }),
        1n,
      ).metadata,
    ).toEqual({});
    expect(fromEventStoreDBEvent(stored({ metadata: ['x'] }), 1n).metadata).toEqual({});
  });

  it('stores the chain link in metadata and reads it back as the event’s hashes, out of its metadata', () => {
    const event = { id: 'approve-d1-canary', type: 'StageApproved', data: { stage: 'canary' } };
    const metadata = { actor: 'a', [HOTSWAP_HASH_KEY]: 'forged' };
    const hashed = { ...event, metadata: callersMetadata(metadata) };
    const hash = eventHash({
      ...hashed,
      streamName: 'deployment-d1',
      revision: 0n,
      previousHash: GENESIS_HASH,
    });
    const written = toEventStoreDBEvent(
      { ...event, metadata },
      { previousHash: GENESIS_HASH, hash },
    );
    expect(written.metadata).toMatchObject({ [HOTSWAP_HASH_KEY]: hash });
    const read = fromEventStoreDBEvent(
      stored({
        id: written.id,
        type: written.type,
        revision: 0n,
        data: written.data as Record<string, unknown>,
        metadata: written.metadata as Record<string, unknown>,
      }),
      1n,
    );
    expect(read).toMatchObject({ hash, previousHash: GENESIS_HASH, metadata: { actor: 'a' } });
    // What the reader sees hashes to what the appender stored: the chain verifies.
    expect(eventHash({ ...read, previousHash: read.previousHash! })).toBe(hash);
  });

  it('reads an event stored before the chain without hashes', () => {
    const read = fromEventStoreDBEvent(stored(), 1n);
    expect(read.hash).toBeUndefined();
    expect(read.previousHash).toBeUndefined();
  });

  it('tells EventStoreDB’s own events and streams from ours', () => {
    expect(isSystemEvent({ streamId: 'deployment-d1', type: 'StageStarted' })).toBe(false);
    expect(isSystemEvent({ streamId: '$ce-deployment', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: '$$deployment-d1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: 'statsCollected' })).toBe(true);
    expect(isSystemEvent({ streamId: 'deployment-d1', type: '$metadata' })).toBe(true);
  });
});
