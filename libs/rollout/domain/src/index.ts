export * from './rollout-commands.js';
export * from './rollout-state.js';
export * from './rollout-decider.js';
export * from './next-steps.js';
export * from './failure-reason.js';
export * from './plan-steps.js';
export * from './node-health.js';
export { planOf, stepInstalled } from './evolve-rollout.js';
export * from './strategy-policy.js';
