import type { NatsConnection } from 'nats';
import type { EventStore } from './event-store.js';
import { JetStreamEventStore } from './jetstream/jetstream-event-store.js';
import { EventStoreDBEventStore } from './eventstoredb/eventstoredb-event-store.js';

/** Which adapter a service uses (HOTSWAP_EVENT_STORE), with what it needs to connect. */
export type EventStoreSettings =
  | {
      readonly kind: 'jetstream';
      /** The service's NATS connection; the store does not close it. */
      readonly nats: NatsConnection;
      /** JetStream stream holding all events (HOTSWAP_JETSTREAM_STREAM, default HOTSWAP_EVENTS). */
      readonly streamName?: string;
      /** Subject prefix of that stream (default `hotswap.es`). */
      readonly subjectPrefix?: string;
    }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string };

/** Connects the configured adapter and makes sure its storage exists. */
export async function connectEventStore(settings: EventStoreSettings): Promise<EventStore> {
  switch (settings.kind) {
    case 'jetstream':
      return JetStreamEventStore.connect(settings.nats, {
        ...(settings.streamName === undefined ? {} : { streamName: settings.streamName }),
        ...(settings.subjectPrefix === undefined ? {} : { subjectPrefix: settings.subjectPrefix }),
      });
    case 'eventstoredb':
      return EventStoreDBEventStore.connect(settings.connectionString);
  }
}
