import type { NatsConnection } from 'nats';
import type { HotSwapConfig } from '@hotswap/config';
import { connectEventStore, type EventStore } from '@hotswap/event-store';
import { DependencyUnavailable } from './dependency-unavailable.js';

/** The configured event store adapter (HOTSWAP_EVENT_STORE); JetStream shares the process's NATS connection. */
export async function openEventStore(
  config: HotSwapConfig,
  nats: NatsConnection,
): Promise<EventStore> {
  const settings = config.eventStore;
  try {
    return await connectEventStore(
      settings.kind === 'jetstream'
        ? {
            kind: 'jetstream',
            nats,
            streamName: settings.streamName,
            subjectPrefix: settings.subjectPrefix,
          }
        : { kind: 'eventstoredb', connectionString: settings.connectionString },
    );
  } catch (error) {
    const where =
      settings.kind === 'jetstream'
        ? `JetStream stream '${settings.streamName}' (HOTSWAP_JETSTREAM_STREAM)`
        : 'EventStoreDB (EVENTSTORE_CONNECTION_STRING)';
    const reason = error instanceof Error ? error.message : String(error);
    throw new DependencyUnavailable(`cannot open the event store, ${where}: ${reason}`, {
      cause: error,
    });
  }
}
