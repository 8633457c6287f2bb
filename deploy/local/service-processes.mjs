// The five services as child processes of `npm start`: spawn each built service
// (node services/<name>/dist/main.js), prefix its output with its name, learn its URL from its
// 'listening' log line, wait for /health/ready, and stop them with SIGTERM.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';

const { guard } = createRequire(import.meta.url)('../../libs/testing/servers/reaper.cjs');

const COLORS = [36, 32, 35, 33, 34];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

/** One line of a service's output for a person: pino's JSON made short, anything else as is. */
function formatLine(line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== 'object' || entry === null || typeof entry.msg !== 'string') return line;
  const {
    level,
    time,
    msg,
    service: _service,
    instance: _instance,
    pid: _pid,
    component,
    context,
    ...rest
  } = entry;
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const where = [component, context].filter(Boolean).join('/');
  const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${clock} ${String(level ?? '')
    .toUpperCase()
    .padEnd(5)} ${where ? `[${where}] ` : ''}${msg}${extra}`;
}

function prefixed(stream, label, onLine) {
  readline.createInterface({ input: stream }).on('line', (line) => {
    onLine?.(line);
    process.stdout.write(`${label} ${formatLine(line)}\n`);
  });
}

/**
 * Starts one service. Returns { name, port, pid, url, process, exited } where `url` is filled in
 * when the service logs where it listens and `exited` resolves with { code, signal }.
 */
export function startService({ root, name, port, env, index, nameWidth }) {
  // Guarded: `npm start` killed with SIGKILL leaves no service running.
  const child = guard(
    spawn(process.execPath, [path.join(root, 'services', name, 'dist', 'main.js')], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const text = name.padEnd(nameWidth);
  const label = useColor
    ? `\u001b[${COLORS[index % COLORS.length]}m${text} |\u001b[0m`
    : `${text} |`;
  const service = {
    name,
    port,
    pid: child.pid,
    url: `http://127.0.0.1:${port}`,
    process: child,
    stopping: false,
  };
  service.exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  prefixed(child.stdout, label, (line) => {
    if (!line.includes('"listening"')) return;
    try {
      const entry = JSON.parse(line);
      if (entry.msg === 'listening' && typeof entry.port === 'number') {
        service.port = entry.port;
        service.url = `http://127.0.0.1:${entry.port}`;
      }
    } catch {
      // Not a log line of ours; ignore.
    }
  });
  prefixed(child.stderr, label);
  return service;
}

/** Resolves when GET <url>/health/ready answers 200; rejects when the service exits or the deadline passes. */
export async function waitUntilReady(service, deadline) {
  let exit;
  void service.exited.then((result) => (exit = result));
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exit) throw new Error(`${service.name} exited (${describeExit(exit)}) before it was ready`);
    try {
      const response = await fetch(`${service.url}/health/ready`, {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.status === 200) return;
      lastProblem = `/health/ready answered ${response.status}: ${await response.text()}`;
    } catch (error) {
      lastProblem = error.cause?.code ?? error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.name} was not ready in time (${lastProblem})`);
}

/** SIGTERM to every service still running, SIGKILL to those that outlive `graceMs`. */
export async function stopServices(services, graceMs) {
  await Promise.all(
    services.map(async (service) => {
      service.stopping = true;
      const child = service.process;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => {
        console.error(`${service.name} did not stop within ${graceMs} ms: killing it`);
        child.kill('SIGKILL');
      }, graceMs);
      child.kill('SIGTERM');
      const exit = await service.exited;
      clearTimeout(kill);
      console.log(`${service.name} stopped (${describeExit(exit)})`);
    }),
  );
}

export function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}
