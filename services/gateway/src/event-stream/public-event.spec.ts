import type { RecordedEvent } from '@hotswap/event-store';
import { toPublicEvent } from './public-event.js';

const recorded = (overrides: Partial<RecordedEvent>): RecordedEvent => ({
  id: 'e-1',
  type: 'ModuleInstalled',
  streamName: 'node-qa-1',
  revision: 4n,
  position: 8192n,
  recordedAt: new Date('2026-11-22T10:00:04.015Z'),
  data: {
    nodeId: 'qa-1',
    moduleName: 'payment-processor',
    version: '2.1.0',
    previousVersion: '2.0.0',
    installedAt: '2026-11-22T10:00:04.012Z',
  },
  metadata: {
    correlationId: 'd-1',
    causationId: 'c-7',
    actor: 'service:node-agent',
    timestamp: '2026-11-22T10:00:04.012Z',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    leaseHolder: 'node-agent-2',
  },
  ...overrides,
});

describe('toPublicEvent', () => {
  it('wraps the public data of the type in its category, with the documented metadata only', () => {
    expect(toPublicEvent(recorded({}), 'QA')).toStrictEqual({
      schema: 'hotswap.event/v1',
      id: '8192',
      type: 'ModuleInstalled',
      category: 'node',
      stream: 'node-qa-1',
      revision: '4',
      deploymentId: 'd-1',
      environment: 'QA',
      occurredAt: '2026-11-22T10:00:04.012Z',
      recordedAt: '2026-11-22T10:00:04.015Z',
      actor: 'service:node-agent',
      data: {
        nodeId: 'qa-1',
        moduleName: 'payment-processor',
        version: '2.1.0',
        previousVersion: '2.0.0',
      },
      metadata: {
        correlationId: 'd-1',
        causationId: 'c-7',
        actor: 'service:node-agent',
        timestamp: '2026-11-22T10:00:04.012Z',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
    });
  });

  it('says null for metadata not recorded, and for the data of a type with no public shape', () => {
    const event = toPublicEvent(
      recorded({ type: 'ModuleRepaired', metadata: { correlationId: 'd-1' } }),
      null,
    );
    expect(event.data).toBeNull();
    expect(event.metadata).toStrictEqual({
      correlationId: 'd-1',
      causationId: null,
      actor: null,
      timestamp: null,
      traceparent: null,
    });
    expect(event.occurredAt).toBe('2026-11-22T10:00:04.015Z');
  });
});
