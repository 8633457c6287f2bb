export * from './hotswap-config.js';
export * from './load-config.js';
export * from './readers.js';
export * from './invalid-variable.js';
export * from './config-error.js';
export * from './redact-url.js';
export * from './variable-problems.js';
