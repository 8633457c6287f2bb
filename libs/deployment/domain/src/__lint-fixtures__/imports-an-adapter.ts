// Breaks the boundaries on purpose: a domain library importing an adapter. Ignored by the lint of
// the tree and by the build; test/module-boundaries.spec.ts lints it and expects the error.
import { InMemoryEventStore } from '@hotswap/event-store';

export const store = new InMemoryEventStore();
