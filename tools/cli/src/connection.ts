import { connect, type NatsConnection } from 'nats';
import { JetStreamEventStore, type EventStore } from '@hotswap/event-store';
import { CommandFailed } from './cli-error.js';

/** Where the CLI finds the event store: the same variables as the services; npm start's NATS by default. */
export interface StoreLocation {
  readonly natsUrl: string;
  readonly streamName: string;
  readonly subjectPrefix: string;
}

export const NPM_START_NATS_URL = 'nats://127.0.0.1:14222';

export function storeLocation(env: NodeJS.ProcessEnv = process.env): StoreLocation {
  return {
    natsUrl: env['NATS_URL'] || NPM_START_NATS_URL,
    streamName: env['HOTSWAP_JETSTREAM_STREAM'] || 'HOTSWAP_EVENTS',
    subjectPrefix: env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX'] || 'hotswap.es',
  };
}

export async function openStore(
  location: StoreLocation,
): Promise<{ store: EventStore; close(): Promise<void> }> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: location.natsUrl, reconnect: false, timeout: 3_000 });
  } catch (error) {
    throw new CommandFailed(
      `Cannot reach NATS at ${location.natsUrl} (set NATS_URL): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const store = await JetStreamEventStore.connect(nc, {
    streamName: location.streamName,
    subjectPrefix: location.subjectPrefix,
  });
  return {
    store,
    async close() {
      await store.close();
      await nc.close();
    },
  };
}
