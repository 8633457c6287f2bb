import type { ServerResponse } from 'node:http';
import { PUBLIC_EVENT_SCHEMA, published, type Published } from './public-event.js';
import { SseClient } from './sse-client.js';

const event = (id: number, type = 'StageStarted'): Published =>
  published(
    {
      schema: PUBLIC_EVENT_SCHEMA,
      id: String(id),
      type,
      category: 'deployment',
      stream: 'deployment-d1',
      revision: String(id),
      deploymentId: 'd1',
      environment: 'QA',
      occurredAt: '2026-11-22T10:00:00.000Z',
      recordedAt: '2026-11-22T10:00:00.000Z',
      actor: 'deployer',
      data: { stage: 'Build' },
      metadata: {
        correlationId: 'd1',
        causationId: null,
        actor: 'deployer',
        timestamp: '2026-11-22T10:00:00.000Z',
        traceparent: null,
      },
    },
    BigInt(id),
  );

/** A response that keeps what is written; `unread` bytes pile up as for a client that does not read. */
function fakeResponse() {
  const written: string[] = [];
  const response = {
    destroyed: false,
    writableLength: 0,
    write(chunk: string | Buffer) {
      const text = chunk.toString();
      written.push(text);
      this.writableLength += Buffer.byteLength(chunk);
      return true;
    },
    end() {},
    destroy() {
      this.destroyed = true;
    },
  };
  return { written, response };
}

const ids = (written: string[]) => [...written.join('').matchAll(/^id: (\d+)$/gm)].map((m) => m[1]);
/** Frames of one turn of the event loop are written at the end of it. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('an event-stream client', () => {
  const limits = { maxBufferedBytes: 1_000_000, maxPendingEvents: 100 };

  it('sends what it caught up on, then what waited, never an event twice or out of order', async () => {
    const { written, response } = fakeResponse();
    const client = new SseClient(
      response as unknown as ServerResponse,
      {},
      'hotswap',
      1n,
      limits,
      () => {},
    );
    client.offer(event(4)); // live while catching up: waits
    client.send(event(1)); // at the start: not sent
    client.send(event(2));
    client.send(event(3));
    client.send(event(4));
    client.offer(event(5));
    client.goLive();
    client.offer(event(5)); // a redelivery
    client.offer(event(6));
    await tick();
    expect(ids(written)).toEqual(['2', '3', '4', '5', '6']);
    expect(written).toHaveLength(1);
    expect(
      written[0]!.startsWith(
        `id: 2\nevent: StageStarted\ndata: ${JSON.stringify(event(2).event)}\n\n`,
      ),
    ).toBe(true);
  });

  it('moves past filtered-out events without sending them', async () => {
    const { written, response } = fakeResponse();
    const filter = { types: new Set(['DeploymentCompleted']) };
    const client = new SseClient(
      response as unknown as ServerResponse,
      filter,
      'hotswap',
      0n,
      limits,
      () => {},
    );
    client.goLive();
    client.offer(event(1));
    client.offer(event(2, 'DeploymentCompleted'));
    await tick();
    expect(ids(written)).toEqual(['2']);
    expect(client.after).toBe(2n);
  });

  it('drops a client that does not read, or falls too far behind while catching up', async () => {
    const slow = fakeResponse();
    const dropped: string[] = [];
    const client = new SseClient(
      slow.response as unknown as ServerResponse,
      {},
      'hotswap',
      0n,
      { maxBufferedBytes: 1_000, maxPendingEvents: 2 },
      (_, why) => dropped.push(why),
    );
    client.goLive();
    for (let id = 1; id <= 10; id++) {
      client.offer(event(id));
      await tick();
    }
    expect(dropped).toEqual(['it does not read fast enough']);
    expect(slow.response.destroyed).toBe(true);
    expect(ids(slow.written).length).toBeLessThan(10);

    const behind = fakeResponse();
    const catchingUp = new SseClient(
      behind.response as unknown as ServerResponse,
      {},
      'hotswap',
      0n,
      { maxBufferedBytes: 1_000_000, maxPendingEvents: 2 },
      (_, why) => dropped.push(why),
    );
    for (let id = 1; id <= 3; id++) catchingUp.offer(event(id));
    expect(dropped.at(-1)).toBe('too many live events waiting');
    expect(catchingUp.isClosed).toBe(true);
  });
});
