export * from './test-infrastructure.js';
export * from './eventually.js';
export * from './local-servers.js';
