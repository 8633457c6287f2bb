import { connect, type NatsConnection } from 'nats';
import { testInfrastructure, uniqueName } from '@hotswap/testing';
import { eventStoreContract } from '../contract/event-store.contract.js';
import { JetStreamEventStore } from './jetstream-event-store.js';

/** Each run gets its own JetStream stream and subject prefix on the run's nats-server. */
async function isolatedStore() {
  const name = uniqueName('es');
  const options = { streamName: name.toUpperCase(), subjectPrefix: `${name}.es` };
  const connections: NatsConnection[] = [];
  const open = async () => {
    const nc = await connect({ servers: testInfrastructure().natsUrl });
    connections.push(nc);
    return JetStreamEventStore.connect(nc, options);
  };
  const store = await open();
  const otherStore = await open();
  return {
    store,
    otherStore,
    options,
    connections,
    async teardown() {
      await store.close();
      await otherStore.close();
      const jsm = await connections[0]!.jetstreamManager();
      await jsm.streams.delete(options.streamName);
      await Promise.all(connections.map((nc) => nc.close()));
    },
  };
}

eventStoreContract('jetstream', isolatedStore);
