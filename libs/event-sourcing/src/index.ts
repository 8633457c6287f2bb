// The decider primitives live in @hotswap/decider (no dependencies, for the domain libraries);
// re-exported so the services need not import two packages.
export * from '@hotswap/decider';
export * from './event-ids.js';
export * from './command-handler.js';
