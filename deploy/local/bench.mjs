// npm run bench: builds the benchmarks, starts a nats-server and redis-server of their own (free
// ports, temporary folders), runs every bench/*.bench.ts one after another and prints their figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureNpmDependencies, ensureServerBinaries, rootDir } from './prerequisites.mjs';
import servers from '../../libs/testing/servers/servers.cjs';

const root = rootDir();
ensureNpmDependencies();
ensureServerBinaries();

// Everything, not just bench/: the end-to-end benchmark starts the built services.
const build = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const only = process.argv[2];
const benches = readdirSync(path.join(root, 'bench/dist'))
  .filter((file) => file.endsWith('.bench.js'))
  .filter((file) => !only || file.includes(only))
  .sort();

const dir = mkdtempSync(path.join(os.tmpdir(), 'hotswap-bench-'));
let failed = false;
try {
  for (const bench of benches) {
    // Fresh servers per benchmark so one's stored data does not slow the next.
    const nats = await servers.startNats({ dataDir: path.join(dir, bench, 'nats') });
    const redis = await servers.startRedis({ dataDir: path.join(dir, bench, 'redis') });
    console.log(
      `\n== ${bench.replace(/\.js$/, '')} (nats-server ${nats.url}, redis-server ${redis.url}, ${os.cpus().length} cores)`,
    );
    const result = spawnSync(process.execPath, [path.join(root, 'bench/dist', bench)], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NATS_URL: nats.url, REDIS_URL: redis.url },
    });
    if (result.status !== 0) failed = true;
    await Promise.all([nats.stop(), redis.stop()]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failed) {
  console.error('\nA benchmark failed or missed its expected ratio (see above).');
  process.exit(1);
}
