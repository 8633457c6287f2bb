/**
 * Whether a subscription is doing its job, as readiness probes judge it (issue 12, break 1): a
 * subscription whose consumer vanished, or whose handler stopped moving while events wait, must
 * make its service unready instead of looking healthy while nothing happens.
 */
export interface SubscriptionHealth {
  readonly subscriberId: string;
  /** Whether the source follows the store now (its consumer exists and the connection is up). */
  readonly attached: boolean;
  /** When `attached` last changed (ms since the epoch). */
  readonly attachedChangedAt: number;
  /** Events known to wait: delivered but not yet handled, and those the source reports pending. */
  readonly waiting: number;
  /** When an event was last handled, or the subscription started (ms since the epoch). */
  readonly lastProgressAt: number;
  /** Why the source last detached, when it did. */
  readonly detachedBecause?: string;
  /** The subscription's own bound on standing still, when it set one (SubscribeOptions). */
  readonly maxStillMs?: number;
}

/** What a source tells the subscription about its link to the store. */
export interface SourceStatus {
  attached(): void;
  detached(reason: unknown): void;
  /** Events matching the filter that the store holds beyond what the source has delivered. */
  pending(count: number): void;
}

export interface HealthBounds {
  /** Detached for longer than this: stalled. */
  readonly maxDetachedMs: number;
  /** Events waiting and none handled for longer than this: stalled. */
  readonly maxStillMs: number;
}

export const DEFAULT_HEALTH_BOUNDS: HealthBounds = { maxDetachedMs: 10_000, maxStillMs: 30_000 };

/** Why a subscription is stalled, or undefined when it is well. */
export function stalledBecause(
  health: SubscriptionHealth,
  now: number,
  bounds: HealthBounds = DEFAULT_HEALTH_BOUNDS,
): string | undefined {
  if (!health.attached && now - health.attachedChangedAt > bounds.maxDetachedMs) {
    const why = health.detachedBecause === undefined ? '' : ` (${health.detachedBecause})`;
    return `'${health.subscriberId}' has not followed the store for ${now - health.attachedChangedAt} ms${why}`;
  }
  const maxStillMs = health.maxStillMs ?? bounds.maxStillMs;
  if (health.waiting > 0 && now - health.lastProgressAt > maxStillMs) {
    return `'${health.subscriberId}' has ${health.waiting} events waiting and handled none for ${now - health.lastProgressAt} ms`;
  }
  return undefined;
}
