// `npm start`: HotSwap on this machine. Installs what is missing, builds, starts nats-server and
// redis-server (data under .data/) unless NATS_URL / REDIS_URL point at running ones, starts the
// five services as separate processes, waits until each is ready and prints where they are.
// Ctrl-C or SIGTERM stops the services first, then the servers. In development it generates the
// secrets the services share (the NATS signing key) into .data/credentials.json (mode 600) once,
// and passes them on; production never generates them (see credentials.cjs).
//
// The work runs in a child process of its own process group (the supervisor): a terminal's Ctrl-C
// reaches every process of the foreground group at once, and the servers must outlive the
// services while those drain. This front process only forwards the signal to the supervisor.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ensureNpmDependencies, ensureServerBinaries, rootDir } from './prerequisites.mjs';
import { describeExit, startService, stopServices, waitUntilReady } from './service-processes.mjs';

const ROOT = rootDir();
const require = createRequire(import.meta.url);
const CREDENTIALS_FILE = path.join(ROOT, '.data', 'credentials.json');
const USERS_FILE = path.join(ROOT, '.data', 'users.json');
const READY_TIMEOUT_MS = 60_000;
const DESCRIPTIONS = {
  gateway: 'REST API, live event stream, projections',
  orchestrator: 'deployment workflow',
  approval: 'approval requests',
  'strategy-runner': 'rollout strategies',
  'node-agent': 'nodes: install, activate, telemetry',
};

const NATS = {
  name: 'nats-server',
  urlVariable: 'NATS_URL',
  portVariable: 'HOTSWAP_LOCAL_NATS_PORT',
  defaultPort: 14222,
  role: 'messaging, event store (JetStream)',
  start: ({ startNats }, port, dataDir) => startNats({ port, dataDir }),
};
const REDIS = {
  name: 'redis-server',
  urlVariable: 'REDIS_URL',
  portVariable: 'HOTSWAP_LOCAL_REDIS_PORT',
  defaultPort: 16379,
  role: 'read models, leases, timers',
  start: ({ startRedis }, port, dataDir) => startRedis({ port, dataDir, persist: true }),
};

if (process.env.HOTSWAP_LOCAL_SUPERVISOR === '1') {
  await supervise();
} else {
  front();
}

function front() {
  const supervisor = spawn(process.execPath, [new URL(import.meta.url).pathname], {
    env: { ...process.env, HOTSWAP_LOCAL_SUPERVISOR: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => supervisor.kill('SIGTERM'));
  }
  // npm exits on SIGTERM without passing it on; when our parent is gone, stop as if signalled.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && supervisor.kill('SIGTERM'), 500).unref();
  supervisor.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function supervise() {
  const started = { services: [], servers: [] };
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    started.build?.kill('SIGTERM');
    if (started.services.length > 0) {
      console.log('\nStopping the services…');
      await stopServices(started.services, 15_000);
    }
    // A server that was starting when the signal came is stopped too.
    await started.starting?.catch(() => undefined);
    for (const server of started.servers.reverse()) {
      await server.stop();
      console.log(`${server.name} stopped`);
    }
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));
  // `npm start | tee log` and Ctrl-C: tee is gone before we are; finish stopping regardless.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  // The front process is gone (killed hard): do not outlive it.
  process.on('disconnect', () => void stop(0));

  try {
    ensureNpmDependencies();
    ensureServerBinaries({ nats: !process.env.NATS_URL, redis: !process.env.REDIS_URL });
    await build(started);
    if (stopping) return;
    const { SERVICES } = require(path.join(ROOT, 'libs/contracts/dist/index.js'));
    const host = process.env.HOTSWAP_HOST || '127.0.0.1';
    const ports = SERVICES.map((s) => ({
      ...s,
      port: Number(process.env[s.portVariable] || s.defaultPort),
    }));
    for (const { port, portVariable } of ports) {
      if (port !== 0) await ensurePortFree(port, host, portVariable);
    }
    const nats = await localServer(started, NATS);
    if (stopping) return;
    const redis = await localServer(started, REDIS);
    if (stopping) return;

    const mode = hotswapMode();
    const env = {
      ...process.env,
      HOTSWAP_MODE: mode,
      NATS_URL: nats.url,
      REDIS_URL: redis.url,
      ...developmentSecrets(mode),
      ...(await developmentUsers(mode)),
      ...(await developmentPki(mode)),
    };
    delete env.HOTSWAP_LOCAL_SUPERVISOR;
    const nameWidth = Math.max(...SERVICES.map((s) => s.name.length));
    ports.forEach(({ name, port }, index) => {
      const service = startService({ root: ROOT, name, port, env, index, nameWidth });
      started.services.push(service);
      void service.exited.then((exit) => {
        if (!service.stopping && !stopping)
          console.error(
            `\n!! ${name} (pid ${service.pid}) exited unexpectedly: ${describeExit(exit)}\n`,
          );
      });
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    await Promise.all(started.services.map((service) => waitUntilReady(service, deadline)));
    if (stopping) return;
    printSummary(
      started.services,
      [nats, redis],
      mode === 'production' ? undefined : CREDENTIALS_FILE,
    );
  } catch (error) {
    if (stopping) return;
    console.error(`\nnpm start failed: ${error.message}`);
    await stop(1);
  }
}

/** As libs/config reads it: HOTSWAP_MODE, else production when NODE_ENV is, else development. */
function hotswapMode() {
  if (process.env.HOTSWAP_MODE) return process.env.HOTSWAP_MODE;
  return process.env.NODE_ENV === 'production' ? 'production' : 'development';
}

/**
 * The secrets the services share, from .data/credentials.json (made or extended here), except
 * those the environment already sets. Production gets nothing: its secrets are configured, and a
 * service that lacks one refuses to start, naming the variable. Prints where the file is, never
 * what is in it.
 */
function developmentSecrets(mode) {
  if (mode === 'production') return {};
  const { ensureLocalCredentials } = require('./credentials.cjs');
  const { values, generated } = ensureLocalCredentials(CREDENTIALS_FILE);
  const given = Object.keys(values).filter((name) => process.env[name]);
  const where = path.relative(process.cwd(), CREDENTIALS_FILE) || CREDENTIALS_FILE;
  console.log(
    generated.length > 0
      ? `Generated ${generated.join(', ')} into ${where} (mode 600)`
      : `Secrets: ${where} (mode 600)`,
  );
  if (given.length > 0) console.log(`From the environment instead: ${given.join(', ')}`);
  return Object.fromEntries(Object.entries(values).filter(([name]) => !process.env[name]));
}

/**
 * In development: admin, deployer and viewer in .data/users.json, their passwords in
 * .data/credentials.json (made once), unless HOTSWAP_USERS_FILE names another users file.
 * Production gets nothing: its users file is configured.
 */
async function developmentUsers(mode) {
  if (mode === 'production' || process.env.HOTSWAP_USERS_FILE) return {};
  const { ensureLocalUsers } = require('./credentials.cjs');
  const auth = require(path.join(ROOT, 'libs/auth/dist/index.js'));
  const added = await ensureLocalUsers(CREDENTIALS_FILE, USERS_FILE, auth);
  if (added.length > 0) {
    console.log(`Added users ${added.join(', ')} to ${path.relative(process.cwd(), USERS_FILE)}`);
  }
  return { HOTSWAP_USERS_FILE: USERS_FILE };
}

/**
 * In development: a local CA and a module signing key with its certificate under .data/pki/
 * (made once, keys mode 600), the CA trusted by SecurityScan (HOTSWAP_TRUSTED_CA_FILES) unless
 * that is set. Sign with `hotswap modules sign <file> --key .data/pki/signing-key.pem --cert
 * .data/pki/signing-cert.pem`. Production trusts only the CAs it is configured with.
 */
async function developmentPki(mode) {
  if (mode === 'production' || process.env.HOTSWAP_TRUSTED_CA_FILES) return {};
  const dir = path.join(ROOT, '.data', 'pki');
  const files = {
    ca: path.join(dir, 'ca.pem'),
    caKey: path.join(dir, 'ca-key.pem'),
    key: path.join(dir, 'signing-key.pem'),
    cert: path.join(dir, 'signing-cert.pem'),
  };
  const { existsSync, mkdirSync, writeFileSync } = await import('node:fs');
  if (!Object.values(files).every((file) => existsSync(file))) {
    const signing = require(path.join(ROOT, 'libs/module-signing/dist/index.js'));
    const ca = await signing.createDevelopmentCa({
      commonName: 'HotSwap development CA',
      days: 3650,
    });
    const signer = await signing.issueSigningCertificate({
      ca,
      commonName: 'HotSwap development signer',
      days: 825,
    });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(files.caKey, ca.privateKeyPem, { mode: 0o600 });
    writeFileSync(files.key, signer.privateKeyPem, { mode: 0o600 });
    writeFileSync(files.cert, signer.certificatePem);
    writeFileSync(files.ca, ca.certificatePem);
    console.log(
      `Made a development CA and a module signing key in ${path.relative(process.cwd(), dir)}`,
    );
  }
  return { HOTSWAP_TRUSTED_CA_FILES: files.ca };
}

/** `npm run build`, in the background so that a Ctrl-C meanwhile is handled at once. */
function build(started) {
  console.log('Building (npm run build)…');
  const child = spawn('npm', ['run', 'build', '--silent'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  started.build = child;
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      started.build = undefined;
      if (code === 0) resolve();
      else reject(new Error(`the build failed (${describeExit({ code, signal })}); see above`));
    });
  });
}

/** The server at `kind.urlVariable` if set, else one started here with its data under .data/. */
async function localServer(started, kind) {
  const given = process.env[kind.urlVariable];
  if (given) return { ...kind, url: given, pid: undefined, external: true };
  const port = Number(process.env[kind.portVariable] || kind.defaultPort);
  await ensurePortFree(port, '127.0.0.1', kind.portVariable);
  const dataDir = path.join(ROOT, '.data', kind.name.replace('-server', ''));
  started.starting = kind.start(require('../../libs/testing/servers/servers.cjs'), port, dataDir);
  const server = await started.starting;
  let stopping = false;
  server.process.once('exit', (code, signal) => {
    if (!stopping)
      console.error(
        `\n!! ${kind.name} (pid ${server.pid}) exited: ${describeExit({ code, signal })}\n`,
      );
  });
  const entry = {
    ...kind,
    url: server.url,
    pid: server.pid,
    external: false,
    stop: () => {
      stopping = true;
      return server.stop();
    },
  };
  started.servers.push(entry);
  return entry;
}

function ensurePortFree(port, host, variable) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${port} (${variable}) is already in use, maybe by another npm start: stop it or set ${variable}`
            : `cannot use port ${port} (${variable}): ${error.message}`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

function printSummary(services, servers, credentialsFile) {
  const rows = [
    ...services.map((s) => [s.name, String(s.pid), s.url, DESCRIPTIONS[s.name] ?? '']),
    ...servers.map((s) => [
      s.name,
      s.external ? '-' : String(s.pid),
      redact(s.url),
      s.external ? `${s.role} (given, not started here)` : s.role,
    ]),
  ];
  const header = ['process', 'pid', 'url', 'what it is'];
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => row[column].length)),
  );
  const line = (row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const gateway = services.find((s) => s.name === 'gateway');
  console.log(`\nHotSwap is running. Gateway: ${gateway?.url ?? '(none)'}\n`);
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('\nEach service: <url>/health/ready, <url>/metrics. Ctrl-C stops everything.');
  if (credentialsFile) {
    console.log(`Development secrets and passwords (mode 600): ${credentialsFile}`);
    console.log(
      `Log in as admin, deployer or viewer (passwords under "users" in that file):\n` +
        `  TOKEN=$(npm run -s hotswap -- login deployer)\n` +
        `  curl -s ${gateway?.url ?? 'http://127.0.0.1:5000'}/api/v1/deployments -H "authorization: Bearer $TOKEN"`,
    );
    console.log(
      'Sign modules with .data/pki/signing-key.pem and signing-cert.pem (its CA is trusted):\n' +
        '  npm run hotswap -- modules sign <file> --key .data/pki/signing-key.pem --cert .data/pki/signing-cert.pem',
    );
  }
  console.log('');
}

function redact(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
