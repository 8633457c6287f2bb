// jest globalSetup: one nats-server (JetStream) and one redis-server for the whole test run, on free
// ports with temporary folders, never the servers of `npm start`, and one command signing key for
// the run. Jest runs every project's globalSetup in this one process, so the first call starts the
// servers and later calls reuse them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNats, startRedis } from '../../libs/testing/servers/servers.cjs';

export default async function globalSetup() {
  const state = (globalThis.__hotswapTestServers ??= { users: 0 });
  state.users += 1;
  if (state.users > 1) return;
  state.dir = mkdtempSync(path.join(os.tmpdir(), 'hotswap-test-'));
  state.nats = await startNats({ dataDir: path.join(state.dir, 'nats') });
  state.redis = await startRedis({ dataDir: path.join(state.dir, 'redis') });
  // Workers inherit these; tests read them through libs/testing's testInfrastructure().
  process.env.HOTSWAP_TEST_NATS_URL = state.nats.url;
  process.env.HOTSWAP_TEST_REDIS_URL = state.redis.url;
  process.env.HOTSWAP_TEST_TMP_DIR = state.dir;
  // The whole suite signs its commands, as production does: every test's sendCommand signs with
  // this key (the process's HOTSWAP_NATS_SIGNING_KEY) and libs/testing gives it to every service a
  // test starts (testSigningKey()). Made for this run, replacing any key of the shell's.
  process.env.HOTSWAP_NATS_SIGNING_KEY = randomBytes(32).toString('hex');
  // Likewise the key of the gateway's tokens: tests mint tokens with it (libs/testing testToken()).
  process.env.HOTSWAP_JWT_SECRET = randomBytes(32).toString('hex');
}
