export * from './node-commands.js';
export * from './node-state.js';
export * from './node-decider.js';
