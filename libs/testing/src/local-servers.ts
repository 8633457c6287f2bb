import path from 'node:path';
import type * as Servers from '../../../deploy/local/servers.cjs';

/**
 * Starts a nats-server or redis-server of a test's own, for tests that stop or kill one. Most
 * tests share the run's servers (testInfrastructure()). The implementation is the same plain
 * CommonJS module npm start uses (deploy/local/servers.cjs), loaded at run time so this library
 * builds without it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const servers = require(
  path.resolve(__dirname, '../../../deploy/local/servers.cjs'),
) as typeof Servers;

export const startNats = servers.startNats;
export const startRedis = servers.startRedis;
export const freePort = servers.freePort;
export type { LocalServer } from '../../../deploy/local/servers.cjs';
