// npm run chaos: builds, then runs the chaos suite (test/chaos): nats-server, redis-server and two
// instances of every service as processes of its own (free ports, a temporary folder), the seeded
// workload under the seeded faults, then the checks. Arguments go to the suite:
// `npm run chaos -- --seed 7 --deployments 200 --duration 240s --faults all` (test/chaos/README.md).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureNpmDependencies, ensureServerBinaries, rootDir } from './prerequisites.mjs';

const root = rootDir();
ensureNpmDependencies();
ensureServerBinaries();

const build = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const suite = spawn(
  process.execPath,
  [path.join(root, 'test/chaos/dist/main.js'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
// Ctrl-C reaches the suite too (same process group); it stops what it started, then exits.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {});
suite.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
