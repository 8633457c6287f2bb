// Child processes that must not outlive the process that started them, even when that process
// is killed with SIGKILL (jest killed by a timeout, `npm start` killed hard): nats-server,
// redis-server and service processes started by tests and scripts. A small watcher process, one
// per parent, holds the parent's end of a pipe; when the parent dies the pipe closes and the
// watcher kills every child it was told about and not yet told is gone. Plain CommonJS, like
// servers.cjs, so scripts load it before anything is built.
//
// As a module: guard(child) registers a spawned child. As a script: `node reaper.cjs` is the
// watcher, reading "+<pid>" / "-<pid>" lines on stdin.
'use strict';
const { spawn } = require('node:child_process');

let watcher;

function send(line) {
  if (!watcher) {
    watcher = spawn(process.execPath, [__filename], {
      stdio: ['pipe', 'ignore', 'ignore'],
      // Its own process group: a Ctrl-C to the parent's group must not take it down before it
      // has done its job (the children get that Ctrl-C anyway).
      detached: true,
    });
    watcher.unref();
    watcher.stdin.on('error', () => undefined);
    // The pipe must not keep the parent's event loop alive.
    watcher.stdin.unref?.();
  }
  watcher.stdin.write(`${line}\n`);
}

/** Kills `child` (SIGKILL) if this process dies before `child` has exited. */
function guard(child) {
  if (child.pid === undefined) return child;
  const pid = child.pid;
  send(`+${pid}`);
  child.once('exit', () => send(`-${pid}`));
  return child;
}

function watch() {
  const pids = new Set();
  let buffered = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const pid = Number(line.slice(1));
      if (!Number.isSafeInteger(pid) || pid <= 0) continue;
      if (line.startsWith('+')) pids.add(pid);
      else if (line.startsWith('-')) pids.delete(pid);
    }
  });
  const reap = () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    process.exit(0);
  };
  process.stdin.on('end', reap);
  process.stdin.on('error', reap);
  process.on('SIGTERM', reap);
  process.on('SIGHUP', () => undefined);
  process.on('SIGINT', () => undefined);
}

if (require.main === module) watch();

module.exports = { guard };
