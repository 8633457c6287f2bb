import { BoundedCache } from '../bounded-cache.js';

/**
 * The last known message of each recently written stream: its sequence, last revision and the hash
 * its next event chains to. With it
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
  /**
   * The previous hash of the stream's next event: its last event's hash (GENESIS_HASH when it
   * has none). Stale with the rest of the entry, and caught by the same sequence check.
   */
  readonly lastHash: string;
}

export class StreamTailCache {
  private readonly tails: BoundedCache<StreamTail>;

  constructor(generationSize = 10_000) {
    this.tails = new BoundedCache(generationSize);
  }

  get(streamName: string): StreamTail | undefined {
    return this.tails.get(streamName);
  }

  /** Never moves a stream's tail back to an older message. */
  set(streamName: string, tail: StreamTail): void {
    const known = this.tails.get(streamName);
    if (known && known.sequence > tail.sequence) return;
    this.tails.set(streamName, tail);
  }

  forget(streamName: string): void {
    this.tails.delete(streamName);
  }
}
