export * from './send-command.js';
export * from './field-reader.js';
export * from './failure-reply.js';
