export * from './test-infrastructure.js';
export * from './eventually.js';
export * from './local-servers.js';
export * from './service-process.js';
export * from './hotswap-system.js';
export * from './teardown.js';
export * from './private-servers.js';
export * from './test-signing-key.js';
