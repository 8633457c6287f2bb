import { randomUUID } from 'node:crypto';
import type { JSONRecordedEvent } from '@eventstore/db-client';
import { eventStoreDBEventId, HOTSWAP_ID_KEY } from './event-id.js';
import { fromEventStoreDBEvent, isSystemEvent, toEventStoreDBEvent } from './event-mapping.js';

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

describe('EventStoreDB event mapping', () => {
  it('writes a JSON event with our UUID id, data and metadata', () => {
    const id = randomUUID();
    const written = toEventStoreDBEvent({
      id,
      type: 'DeploymentRequested',
      data: { version: '2.1.0' },
      metadata: { actor: 'alice' },
    });
    expect(written).toEqual({
      id,
      contentType: 'application/json',
      type: 'DeploymentRequested',
      data: { version: '2.1.0' },
      metadata: { actor: 'alice' },
    });
  });

  it('writes a non-UUID id as a derived UUID and keeps the original in metadata', () => {
    const written = toEventStoreDBEvent({
      id: 'approve-d1-canary',
      type: 'StageApproved',
      data: {},
    });
    expect(written.id).toBe(eventStoreDBEventId('approve-d1-canary'));
    expect(written.metadata).toEqual({ [HOTSWAP_ID_KEY]: 'approve-d1-canary' });
  });

  it('never writes a caller’s own $hotswapId along with a UUID id', () => {
    const id = randomUUID();
    const written = toEventStoreDBEvent({
      id,
      type: 'A',
      data: {},
      metadata: { [HOTSWAP_ID_KEY]: 'forged', actor: 'bob' },
    });
    expect(written.metadata).toEqual({ actor: 'bob' });
  });

  it('stores undefined data as null, which JSON can carry', () => {
    expect(toEventStoreDBEvent({ id: randomUUID(), type: 'A', data: undefined }).data).toBeNull();
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
    const written = toEventStoreDBEvent({
      id: 'approve-d1-canary',
      type: 'StageApproved',
      data: {},
      metadata: { actor: 'a' },
    });
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

  it('tells EventStoreDB’s own events and streams from ours', () => {
    expect(isSystemEvent({ streamId: 'deployment-d1', type: 'StageStarted' })).toBe(false);
    expect(isSystemEvent({ streamId: '$ce-deployment', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: '$$deployment-d1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: '$stats-127.0.0.1:2113', type: 'statsCollected' })).toBe(true);
    expect(isSystemEvent({ streamId: 'deployment-d1', type: '$metadata' })).toBe(true);
  });
});
