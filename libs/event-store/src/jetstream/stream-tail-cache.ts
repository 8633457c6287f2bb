/**
 * The last known message of each recently written stream: its sequence and last revision. With it
 * an append is one round trip (publish with Nats-Expected-Last-Subject-Sequence); without it the
 * adapter first asks the server. The server's sequence check makes a stale entry harmless: the
 * publish fails, the entry is dropped and the tail read again.
 */
export interface StreamTail {
  /** Sequence of the stream's last message; 0 when the stream has none. */
  readonly sequence: number;
  readonly lastRevision: bigint;
  /** That message's index of earlier sequences (see message-format.ts). */
  readonly previousSequences: readonly number[];
}

export class StreamTailCache {
  private readonly tails = new Map<string, StreamTail>();

  constructor(private readonly capacity = 10_000) {}

  get(streamName: string): StreamTail | undefined {
    return this.tails.get(streamName);
  }

  set(streamName: string, tail: StreamTail): void {
    const known = this.tails.get(streamName);
    if (known && known.sequence > tail.sequence) return;
    // Re-inserting moves the stream to the back, so the oldest written stream is evicted first.
    this.tails.delete(streamName);
    this.tails.set(streamName, tail);
    if (this.tails.size > this.capacity) {
      const oldest = this.tails.keys().next().value;
      if (oldest !== undefined) this.tails.delete(oldest);
    }
  }

  forget(streamName: string): void {
    this.tails.delete(streamName);
  }
}
