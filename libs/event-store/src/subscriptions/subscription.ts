import type { SubscriptionHealth } from './subscription-health.js';

/** A running subscription. */
export interface Subscription {
  /** Position of the last event whose handler resolved (and whose checkpoint is stored). */
  readonly lastProcessed: bigint | undefined;
  /** Resolves once every event up to `position` that matches the filter has been handled. */
  processedUpTo(position: bigint, timeoutMs?: number): Promise<void>;
  /** Stops delivering; resolves when the handler in progress (if any) has finished. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after `stop()`, rejects when a handler or the store failed. */
  readonly done: Promise<void>;
  /** Whether it follows the store and makes progress (for readiness; see subscription-health.ts). */
  health(): SubscriptionHealth;
}
