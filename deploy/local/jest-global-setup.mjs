// jest globalSetup: one nats-server (JetStream) and one redis-server for the whole test run, on free
// ports with temporary folders, never the servers of `npm start`. Jest runs every project's
// globalSetup in this one process, so the first call starts the servers and later calls reuse them.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNats, startRedis } from './servers.cjs';

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
}
