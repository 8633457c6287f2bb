export * from './services.js';
export * from './subjects.js';
export * from './environments.js';
export * from './commands.js';
export * from './deployment-events.js';
export * from './rollout-events.js';
export * from './node-events.js';
