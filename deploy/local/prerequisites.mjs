// Makes sure what `npm start`, `npm test` and `npm run bench` need is on this machine:
// npm dependencies, and the nats-server (>= 2.9, JetStream), redis-server and openssl binaries, installed
// from the system's packages (apt) when missing and the user may (root, or sudo without a password).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.status !== 0) {
    throw new Error(`'${command} ${args.join(' ')}' failed with exit code ${result.status}`);
  }
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

export function ensureNpmDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && existsSync(path.join(ROOT, 'node_modules', 'typescript'))) return;
  console.log('Installing npm dependencies (npm ci)…');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    stdio: ['ignore', 'inherit', 'pipe'],
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (ci.status === 0) return;
  if (!/EUSAGE/.test(ci.stderr ?? '')) {
    process.stderr.write(ci.stderr ?? '');
    throw new Error(`'npm ci' failed with exit code ${ci.status}`);
  }
  // npm 11.16+ can refuse the lock file it wrote itself when an optional platform package is not
  // on the registry (npm/cli#9846: "Missing: @unrs/resolver-binding-… from lock file").
  // `npm install` installs the same locked versions and leaves package-lock.json as it is.
  console.log('npm ci refused the lock file; installing the locked versions with npm install…');
  run('npm', ['install', '--no-audit', '--no-fund']);
}

function natsVersion() {
  const output = spawnSync('nats-server', ['--version'], { encoding: 'utf8' }).stdout ?? '';
  const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(output);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function aptInstall(packages) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo =
    !isRoot && has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!has('apt-get') || (!isRoot && !sudo)) {
    throw new Error(
      `HotSwap needs ${packages.join(' and ')}, which are not installed, and this user cannot install them.\n` +
        `Install them with your system's package manager, for example:\n` +
        `  sudo apt-get install -y ${packages.join(' ')}\n` +
        `or point HotSwap at running servers with NATS_URL and REDIS_URL.`,
    );
  }
  const prefix = isRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`Installing ${packages.join(', ')} from the system's packages…`);
  const [command, ...rest] = [...prefix, 'apt-get'];
  run(command, [...rest, 'update', '-qq'], { env });
  run(command, [...rest, 'install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}

/** `needs`: which servers this run will start itself ({ nats: boolean, redis: boolean }). */
export function ensureServerBinaries({ nats = true, redis = true } = {}) {
  const missing = [];
  if (nats && !has('nats-server')) missing.push('nats-server');
  if (redis && !has('redis-server')) missing.push('redis-server');
  // The module-signing tests and npm start's development CA make certificates with the openssl
  // command (libs/module-signing).
  if (!has('openssl')) missing.push('openssl');
  if (missing.length > 0) aptInstall(missing);
  if (nats) {
    const version = natsVersion();
    if (!version || version[0] < 2 || (version[0] === 2 && version[1] < 9)) {
      throw new Error(
        `nats-server ${version ? version.join('.') : '(unknown version)'} is too old: HotSwap needs 2.9 or later for JetStream.`,
      );
    }
  }
}

export function rootDir() {
  return ROOT;
}
