import { eventStoreContract } from '../contract/event-store.contract.js';
import { InMemoryEventStore } from './in-memory-event-store.js';

eventStoreContract('in-memory', () => {
  const store = new InMemoryEventStore();
  return Promise.resolve({ store, teardown: () => store.close() });
});
