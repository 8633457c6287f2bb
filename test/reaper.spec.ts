/**
 * What a test run or `npm start` starts dies with it, even when it is killed with SIGKILL and
 * has no chance to stop anything (libs/testing/servers/reaper.cjs): here a script starts a nats-server
 * the way they do and is then killed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const servers = path.resolve(__dirname, '../libs/testing/servers/servers.cjs');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('children of a killed process', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotswap-reaper-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are killed when the process that started them is killed with SIGKILL', async () => {
    const script = `
      const { startNats } = require(${JSON.stringify(servers)});
      startNats({ dataDir: ${JSON.stringify(path.join(dir, 'nats'))} })
        .then((s) => console.log(String(s.pid)));
      setInterval(() => undefined, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const natsPid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    expect(alive(natsPid)).toBe(true);

    parent.kill('SIGKILL');
    await until(() => !alive(natsPid), `nats-server ${natsPid} to be gone`);
  });
});
