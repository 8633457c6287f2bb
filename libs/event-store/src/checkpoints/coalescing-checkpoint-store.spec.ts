import { InMemoryCheckpointStore } from './in-memory-checkpoint-store.js';
import { CoalescingCheckpointStore } from './coalescing-checkpoint-store.js';

/** An inner store whose writes wait until the test lets them through. */
class GatedStore extends InMemoryCheckpointStore {
  readonly writes: bigint[] = [];
  private gates: (() => void)[] = [];
  fail = false;

  override async store(subscriberId: string, position: bigint): Promise<void> {
    this.writes.push(position);
    await new Promise<void>((resolve) => this.gates.push(resolve));
    if (this.fail) throw new Error('Redis is down');
    await super.store(subscriberId, position);
  }

  open(): void {
    const gates = this.gates;
    this.gates = [];
    for (const gate of gates) gate();
  }
}

describe('CoalescingCheckpointStore', () => {
  it('acknowledges at once and writes only the last position acknowledged meanwhile', async () => {
    const inner = new GatedStore();
    const store = new CoalescingCheckpointStore(inner, () => undefined);
    await store.store('s', 1n);
    await store.store('s', 2n);
    await store.store('s', 3n);
    expect(inner.writes).toEqual([1n]);
    const flushed = store.flush();
    inner.open(); // 1 written; 3 goes next, 2 never
    await new Promise(setImmediate);
    inner.open();
    await flushed;
    expect(inner.writes).toEqual([1n, 3n]);
    expect(await store.load('s')).toBe(3n);
  });

  it('reports a failed write and lets the checkpoint lag until the next one', async () => {
    const inner = new GatedStore();
    const errors: unknown[] = [];
    const store = new CoalescingCheckpointStore(inner, (error) => errors.push(error));
    inner.fail = true;
    await store.store('s', 5n);
    inner.open();
    await store.flush();
    expect(errors).toHaveLength(1);
    expect(await store.load('s')).toBeUndefined();
    inner.fail = false;
    await store.store('s', 6n);
    inner.open();
    await store.flush();
    expect(await store.load('s')).toBe(6n);
  });
});
