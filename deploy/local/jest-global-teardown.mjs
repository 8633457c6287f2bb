import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__hotswapTestServers;
  if (!state) return;
  state.users -= 1;
  if (state.users > 0) return;
  await Promise.all([state.nats?.stop(), state.redis?.stop()]);
  if (state.dir) rmSync(state.dir, { recursive: true, force: true });
  globalThis.__hotswapTestServers = undefined;
}
