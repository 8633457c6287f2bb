// npm test: installs what is missing (npm dependencies, nats-server, redis-server), builds every
// package (the end-to-end tests start the built services), type-checks the tests, lints, then
// runs the whole jest suite. jest's global setup starts the test servers (jest-global-setup.mjs).
// Extra arguments go to jest: `npm test -- libs/event-store`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureNpmDependencies, ensureServerBinaries, rootDir } from './prerequisites.mjs';

const root = rootDir();
const jestArgs = process.argv.slice(2);

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit code ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

ensureNpmDependencies();
ensureServerBinaries();
step('build (tsc -b tsconfig.build.json)', 'npx', ['tsc', '-b', 'tsconfig.build.json']);
step('type-check, tests included (tsc -p tsconfig.json)', 'npx', [
  'tsc',
  '-p',
  'tsconfig.json',
  '--noEmit',
]);
step('lint (eslint)', 'npx', ['eslint', '.']);

const reportDir = mkdtempSync(path.join(os.tmpdir(), 'hotswap-jest-'));
const report = path.join(reportDir, 'report.json');
console.log('\n▶ tests (jest)');
const jest = spawnSync(
  'npx',
  ['jest', '--ci', '--maxWorkers=2', '--json', `--outputFile=${report}`, ...jestArgs],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
try {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  // The plain closing line CI reads: "N passed, N failed, N skipped".
  console.log(
    `\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${summary.numPendingTests} skipped`,
  );
} catch {
  console.error('jest wrote no report');
}
rmSync(reportDir, { recursive: true, force: true });
process.exit(jest.status ?? 1);
