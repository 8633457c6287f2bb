import {
  InMemoryCheckpointStore,
  type EventStore,
  type RecordedEvent,
  type SubscriptionFilter,
} from '@hotswap/event-store';

export interface FollowOptions {
  /** Events after this position are followed (a checkpoint: `endPosition()` for "from now"). */
  readonly after: bigint;
  readonly filter: SubscriptionFilter;
  /** Called for each event, in the order the store holds them; true ends the following. */
  readonly onEvent: (event: RecordedEvent) => boolean | void;
  /** Aborted (Ctrl-C): the following ends. */
  readonly signal: AbortSignal;
}

/**
 * Follows the event store live from `after` until `onEvent` says so or `signal` aborts, for
 * `hotswap tail` and `hotswap history --follow`. A subscription of its own, not checkpointed
 * anywhere: nothing of it outlives the command.
 */
export async function followEvents(store: EventStore, options: FollowOptions): Promise<void> {
  const checkpoints = new InMemoryCheckpointStore();
  const subscriberId = 'cli:follow';
  await checkpoints.store(subscriberId, options.after);
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const subscription = await store.subscribe({
    subscriberId,
    filter: options.filter,
    checkpoints,
    handler: async (event) => {
      if (options.onEvent(event) === true) finish();
    },
  });
  const abort = () => finish();
  options.signal.addEventListener('abort', abort, { once: true });
  if (options.signal.aborted) finish();
  try {
    await Promise.race([finished, subscription.done]);
  } finally {
    options.signal.removeEventListener('abort', abort);
    await subscription.stop();
  }
}

/** An AbortSignal that Ctrl-C (SIGINT) or SIGTERM aborts, for commands that run until stopped. */
export function untilInterrupted(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
