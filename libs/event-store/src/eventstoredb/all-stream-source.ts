import {
  excludeSystemEvents,
  streamNameFilter,
  type EventStoreDBClient,
  type Filter,
} from '@eventstore/db-client';
import type { RecordedEvent } from '../events.js';
import type { SubscriptionFilter } from '../event-store.js';
import { EventStoreUnavailable } from '../errors.js';
import type { EventSource } from '../subscriptions/checkpointed-subscription.js';
import type { SourceStatus } from '../subscriptions/subscription-health.js';
import { fromEventStoreDBEvent, isSystemEvent } from './event-mapping.js';
import { readPositionFrom, requirePosition } from './position.js';
import { translateError } from './eventstoredb-errors.js';

/**
 * The event source of a subscription: one `$all` subscription, filtered on the server, that
 * catches up from `after` and then stays live, until the signal aborts. Checkpoints are the
 * CheckpointedSubscription's business; this only delivers events in `$all` order.
 */
export function allStreamSource(
  client: EventStoreDBClient,
  filter: SubscriptionFilter,
): EventSource {
  return (after, signal, status) => follow(client, serverFilter(filter), after, signal, status);
}

/** A category is a stream name prefix (`deployment-`); categories contain no dash, so no overlap. */
export function serverFilter(filter: SubscriptionFilter): Filter {
  return filter === 'all'
    ? excludeSystemEvents()
    : streamNameFilter({ prefixes: [`${filter.category}-`] });
}

async function* follow(
  client: EventStoreDBClient,
  filter: Filter,
  after: bigint | undefined,
  signal: AbortSignal,
  status: SourceStatus,
): AsyncGenerator<RecordedEvent> {
  if (signal.aborted) return;
  // Subscribing from a position delivers the events after it; the subscription loop also skips
  // anything at or below its checkpoint, so an inclusive start would be harmless.
  const subscription = client.subscribeToAll({ fromPosition: readPositionFrom(after), filter });
  // The client reports a dropped call by ending or failing the iteration below, which ends this
  // source; the subscription that owns it then fails and is started again (LeasedSubscription).
  status.attached();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    // unsubscribe() cancels the call on the server; destroy() ends the loop below at once, even
    // while no message is on its way (a quiet live subscription).
    subscription.unsubscribe().catch(() => undefined);
    subscription.destroy();
  };
  signal.addEventListener('abort', release, { once: true });
  try {
    for await (const resolved of subscription) {
      if (signal.aborted) return;
      const recorded = resolved.event;
      // `excludeSystemEvents` filters on the event type only; `$`-streams are dropped here.
      if (recorded === undefined || isSystemEvent(recorded)) continue;
      yield fromEventStoreDBEvent(recorded, requirePosition(recorded));
    }
  } catch (error) {
    if (signal.aborted) return;
    status.detached(error);
    throw translateError(error, 'following $all');
  } finally {
    signal.removeEventListener('abort', release);
    release();
  }
  if (!signal.aborted) {
    // A catch-up subscription never ends on its own; the server closing it is a lost connection.
    throw new EventStoreUnavailable('EventStoreDB ended the $all subscription');
  }
}
