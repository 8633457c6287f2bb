export * from './services.js';
export * from './subjects.js';
