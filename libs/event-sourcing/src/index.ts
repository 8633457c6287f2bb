export * from './decider.js';
export * from './decider-specification.js';
export * from './event-ids.js';
export * from './command-handler.js';
