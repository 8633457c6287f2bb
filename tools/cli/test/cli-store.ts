import { connect, type NatsConnection } from 'nats';
import { JetStreamEventStore } from '@hotswap/event-store';
import { testInfrastructure, uniqueName } from '@hotswap/testing';

/**
 * An event store of its own on the test run's NATS, which the CLI's commands find through the
 * variables they read (NATS_URL, HOTSWAP_JETSTREAM_*), as an operator's shell would set them.
 */
export async function cliStore(): Promise<{
  store: JetStreamEventStore;
  close(): Promise<void>;
}> {
  const name = uniqueName('cli');
  const streamName = name.toUpperCase();
  process.env['NATS_URL'] = testInfrastructure().natsUrl;
  process.env['HOTSWAP_JETSTREAM_STREAM'] = streamName;
  process.env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX'] = `${name}.es`;
  const nc: NatsConnection = await connect({ servers: testInfrastructure().natsUrl });
  const store = await JetStreamEventStore.connect(nc, { streamName, subjectPrefix: `${name}.es` });
  return {
    store,
    async close() {
      await store.close();
      await (await nc.jetstreamManager()).streams.delete(streamName);
      await nc.close();
    },
  };
}
