export * from './approval-command.js';
export * from './approval-state.js';
export * from './decide-approval.js';
export * from './evolve-approval.js';
export * from './approval-decider.js';
export * from './approval-policy.js';
