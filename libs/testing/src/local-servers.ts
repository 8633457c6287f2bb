import path from 'node:path';
import type * as Servers from '../servers/servers.cjs';
import type * as Reaper from '../servers/reaper.cjs';

/**
 * Starts a nats-server or redis-server of a test's own, for tests that stop or kill one. Most
 * tests share the run's servers (testInfrastructure()). The implementation is the same plain
 * CommonJS module npm start uses (libs/testing/servers/servers.cjs: plain CommonJS so deploy/local
 * scripts load it before anything is built), loaded at run time so this library
 * builds without it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const servers = require(path.resolve(__dirname, '../servers/servers.cjs')) as typeof Servers;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const reaper = require(path.resolve(__dirname, '../servers/reaper.cjs')) as typeof Reaper;

export const startNats = servers.startNats;
export const startRedis = servers.startRedis;
export const freePort = servers.freePort;
/** Kills a spawned child if this process dies first, even by SIGKILL (libs/testing/servers/reaper.cjs). */
export const guardChild = reaper.guard;
export type { LocalServer } from '../servers/servers.cjs';
