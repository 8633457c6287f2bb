export * from './lease.js';
export * from './fence.js';
export * from './run-while-leased.js';
export * from './durable-timers.js';
export * from './redis-script.js';
export * from './leased-subscription.js';
