/**
 * Where a subscriber remembers the global position of the last event it handled. Stored outside
 * the event store so the same subscription code works over every adapter.
 */
export abstract class CheckpointStore {
  abstract load(subscriberId: string): Promise<bigint | undefined>;
  /** Never moves a checkpoint backwards: storing an older position than the stored one is a no-op. */
  abstract store(subscriberId: string, position: bigint): Promise<void>;
}
