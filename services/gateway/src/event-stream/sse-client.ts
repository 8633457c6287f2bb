import type { ServerResponse } from 'node:http';
import { matches, type StreamFilter, type StreamFormat } from './stream-filter.js';
import type { Published } from './public-event.js';

export interface SseLimits {
  /** Bytes written but not yet taken by the client beyond which it is dropped. */
  readonly maxBufferedBytes: number;
  /** Live events held for a client still catching up beyond which it is dropped. */
  readonly maxPendingEvents: number;
}

/**
 * One subscriber's connection. It first catches up from the event store (`send` in order), while
 * live events wait in `pending`; `goLive` sends those it has not sent and from then on sends live
 * events as they come. An event at or before the last one sent is never sent again, so the switch
 * leaves no gap and no duplicate. A client that does not keep up is dropped (its buffered bytes
 * or pending events over the limits) rather than allowed to grow the server's memory; it can
 * reconnect with Last-Event-ID.
 */
export class SseClient {
  private live = false;
  private closed = false;
  private pending: Published[] = [];
  private unwritten: Buffer[] = [];

  constructor(
    private readonly response: ServerResponse,
    private readonly filter: StreamFilter,
    readonly format: StreamFormat,
    /** The position of the last event sent (or the start: events after it are sent). */
    private lastSent: bigint,
    private readonly limits: SseLimits,
    private readonly onDrop: (client: SseClient, why: string) => void,
  ) {}

  get after(): bigint {
    return this.lastSent;
  }

  get isClosed(): boolean {
    return this.closed || this.response.destroyed;
  }

  /** A live event from the feed. */
  offer(event: Published): void {
    if (this.isClosed) return;
    if (this.live) {
      this.send(event);
      return;
    }
    this.pending.push(event);
    if (this.pending.length > this.limits.maxPendingEvents)
      this.drop('too many live events waiting');
  }

  /** An event read while catching up, in global order. */
  send(event: Published): void {
    if (this.isClosed) return;
    if (event.position <= this.lastSent) return;
    this.lastSent = event.position;
    if (!matches(this.filter, event.event)) return;
    const frame = this.format === 'cdevents' ? event.cdeventFrames : event.frame;
    if (!frame || frame.length === 0) return;
    // Frames that come in the same turn of the event loop go out in one write.
    this.unwritten.push(frame);
    if (this.unwritten.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.isClosed || this.unwritten.length === 0) return;
    const bytes = this.unwritten.length === 1 ? this.unwritten[0]! : Buffer.concat(this.unwritten);
    this.unwritten = [];
    this.response.write(bytes);
    if (this.response.writableLength > this.limits.maxBufferedBytes) {
      this.drop('it does not read fast enough');
    }
  }

  goLive(): void {
    const pending = this.pending;
    this.pending = [];
    this.live = true;
    for (const event of pending) this.send(event);
  }

  heartbeat(): void {
    if (!this.isClosed && this.unwritten.length === 0) this.response.write(': heartbeat\n\n');
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.pending = [];
    this.response.end();
  }

  private drop(why: string): void {
    this.onDrop(this, why);
    this.closed = true;
    this.pending = [];
    this.unwritten = [];
    // Ended at once: what is buffered for a client that does not read is not worth waiting for.
    this.response.destroy();
  }
}
