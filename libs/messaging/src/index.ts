export * from './send-command.js';
