// Starts nats-server (JetStream) and redis-server as child processes on local ports.
// Shared by `npm start` (data kept under .data/), `npm test` (jest globalSetup: free ports,
// temporary folders), tests that need a server of their own (libs/testing) and `npm run bench`.
// Plain CommonJS so it runs before anything is built and loads from both ESM scripts and jest.
'use strict';
const { spawn } = require('node:child_process');
const { mkdirSync } = require('node:fs');
const net = require('node:net');
const { guard } = require('./reaper.cjs');

/** Asks the kernel for a free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Fails when something already listens on `port`: the new server would exit, yet the port answers. */
function assertPortFree(port, name) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () =>
      reject(new Error(`Cannot start ${name}: port ${port} is already in use`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

function waitForPort(port, child, name, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    let exited = false;
    child.once('exit', (code) => {
      exited = true;
      reject(new Error(`${name} exited with code ${code} before listening on port ${port}`));
    });
    child.once('error', (error) => {
      exited = true;
      reject(new Error(`${name} could not be started: ${error.message}`));
    });
    const attempt = () => {
      if (exited) return;
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline)
          reject(new Error(`${name} did not listen on port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 10);
      });
    };
    attempt();
  });
}

function stopper(child) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** SIGKILL, as a crash would: no chance to flush or say goodbye. Resolves once the process is gone. */
function killer(child) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
}

function spawnServer(command, args, name, { quiet = true } = {}) {
  // Guarded: a test run or `npm start` killed with SIGKILL leaves no server behind.
  const child = guard(
    spawn(command, args, { stdio: quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit' }),
  );
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  child.lastOutput = () => stderr;
  return child;
}

/** Starts `command` listening on `port` (a free one when not given) and waits until it accepts connections. */
async function startServer({ name, scheme, port, dataDir, quiet, args }) {
  const chosen = port ?? (await freePort());
  if (port !== undefined) await assertPortFree(port, name);
  mkdirSync(dataDir, { recursive: true });
  const child = spawnServer(name, args(chosen), name, { quiet });
  try {
    await waitForPort(chosen, child, name);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${child.lastOutput()}`);
  }
  return {
    url: `${scheme}://127.0.0.1:${chosen}`,
    port: chosen,
    pid: child.pid,
    process: child,
    stop: stopper(child),
    kill: killer(child),
  };
}

/**
 * Starts `nats-server -js`. Options: { port, dataDir, quiet }.
 * Returns { url, port, pid, process, stop(), kill() }.
 */
function startNats({ port, dataDir, quiet = true } = {}) {
  return startServer({
    name: 'nats-server',
    scheme: 'nats',
    port,
    dataDir,
    quiet,
    args: (chosen) => ['-a', '127.0.0.1', '-p', String(chosen), '-js', '-sd', dataDir],
  });
}

/**
 * Starts `redis-server`. Options: { port, dataDir, persist, quiet }. With `persist` the data is
 * kept in dataDir (append-only file); without it nothing is written to disk.
 */
function startRedis({ port, dataDir, persist = false, quiet = true } = {}) {
  const persistence = persist
    ? ['--appendonly', 'yes', '--save', '60 1']
    : ['--appendonly', 'no', '--save', ''];
  return startServer({
    name: 'redis-server',
    scheme: 'redis',
    port,
    dataDir,
    quiet,
    args: (chosen) => [
      ...['--port', String(chosen), '--bind', '127.0.0.1', '--dir', dataDir],
      ...['--daemonize', 'no', ...persistence],
    ],
  });
}

module.exports = { freePort, startNats, startRedis };
