import { CheckpointStore } from './checkpoint-store.js';

export class InMemoryCheckpointStore extends CheckpointStore {
  private readonly positions = new Map<string, bigint>();

  override load(subscriberId: string): Promise<bigint | undefined> {
    return Promise.resolve(this.positions.get(subscriberId));
  }

  override store(subscriberId: string, position: bigint): Promise<void> {
    const current = this.positions.get(subscriberId);
    if (current === undefined || position > current) {
      this.positions.set(subscriberId, position);
    }
    return Promise.resolve();
  }
}
