import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { testInfrastructure, uniqueName } from '@hotswap/testing';

const MAIN = path.resolve(__dirname, '../dist/main.js');

/** The built orchestrator as a process (build first: npx tsc -b tsconfig.build.json). */
function runOrchestrator(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first`);
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env['PATH'] ?? '', HOTSWAP_ORCHESTRATOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('the orchestrator process', () => {
  it('stops at start-up naming a bad variable of its own', async () => {
    const { natsUrl, redisUrl } = testInfrastructure();
    const stream = uniqueName('BADCFG');
    const { code, output } = await runOrchestrator({
      HOTSWAP_MODE: 'test',
      NATS_URL: natsUrl,
      REDIS_URL: redisUrl,
      HOTSWAP_JETSTREAM_STREAM: stream,
      HOTSWAP_JETSTREAM_SUBJECT_PREFIX: `e2e.${stream}`,
      HOTSWAP_STAGE_DURATIONS_MS: 'Development=soon',
    });
    expect(code).toBe(1);
    expect(output).toContain("HOTSWAP_STAGE_DURATIONS_MS has 'Development=soon'");
  });
});
