export * from './rollout-commands.js';
export * from './rollout-state.js';
export * from './rollout-decider.js';
export * from './next-steps.js';
export * from './strategies.js';
export * from './failure-reason.js';
