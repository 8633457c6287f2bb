import { CheckpointStore } from './checkpoint-store.js';

/**
 * A checkpoint store that acknowledges at once and writes behind: while one write is on its way,
 * later positions wait and only the last of them is written next. A checkpoint that lags is
 * safe (after a crash the events after it come again, and the handlers are idempotent); one that
 * leads never happens, as only positions already handled are stored. It spares the subscription a
 * Redis round trip per event, which otherwise bounds how many events per second it can handle.
 */
export class CoalescingCheckpointStore extends CheckpointStore {
  private readonly pending = new Map<string, bigint>();
  private writing: Promise<void> | undefined;

  constructor(
    private readonly inner: CheckpointStore,
    private readonly onError: (error: unknown) => void,
  ) {
    super();
  }

  override load(subscriberId: string): Promise<bigint | undefined> {
    return this.inner.load(subscriberId);
  }

  override store(subscriberId: string, position: bigint): Promise<void> {
    this.pending.set(subscriberId, position);
    this.writing ??= this.writeAll().finally(() => (this.writing = undefined));
    return Promise.resolve();
  }

  /** Resolves once every position acknowledged so far is written (or failed to be). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeAll(): Promise<void> {
    while (this.pending.size > 0) {
      const batch = [...this.pending];
      this.pending.clear();
      await Promise.all(
        batch.map(([id, position]) => this.inner.store(id, position).catch(this.onError)),
      );
    }
  }
}
