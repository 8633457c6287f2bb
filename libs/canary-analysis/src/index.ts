export * from './default-settings.js';
export * from './summarize.js';
export * from './mann-whitney-u.js';
export * from './threshold-judge.js';
export * from './mann-whitney-judge.js';
export * from './judge-canary.js';
