// Keeps to the boundaries: a domain library importing contracts and the decider primitives.
// test/module-boundaries.spec.ts lints it and expects no error.
import type { DomainEvent } from '@hotswap/decider';
import { SUBJECTS } from '@hotswap/contracts';

export const subjects: typeof SUBJECTS = SUBJECTS;
export type Event = DomainEvent;
