export * from './send-command.js';
export * from './command-retry.js';
export * from './command-signature.js';
export * from './command-signing-key.js';
export * from './field-reader.js';
export * from './failure-reply.js';
export * from './module-store.js';
