export * from './roles.js';
export * from './auth-settings.js';
export * from './tokens.js';
export * from './users-file.js';
export * from './check-password.js';
export * from './login-attempts.js';
export * from './in-memory-login-attempts.js';
export * from './redis-login-attempts.js';
