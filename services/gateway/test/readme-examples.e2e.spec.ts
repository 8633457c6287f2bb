/**
 * The README's "Try it" commands, run as a user would run them against `npm start`: the five
 * built services as processes, with each curl's port mapped to where the test started that service.
 * The gateway's README adds its plain GET examples (a POST, or a URL with a placeholder, is not one).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICES } from '@hotswap/contracts';
import { eventually, HotSwapSystem } from '@hotswap/testing';

const README = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
const GATEWAY_README = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');

/** `curl` lines of a README's sh blocks. */
function curlLines(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks.flatMap((block) => block.split('\n').filter((line) => line.startsWith('curl ')));
}

const plainGet = (line: string) => /^curl (?:-s )?http:\/\/\S+$/.test(line) && !/[<$]/.test(line);
const POST =
  /^curl -s -X POST http:\/\/127\.0\.0\.1:(\d+)(\/\S+) -H 'content-type: application\/json' -d '(\{.*\})'$/;

function curlExamples(): string[] {
  return [...curlLines(README), ...curlLines(GATEWAY_README)].filter(plainGet);
}

function postExamples(): string[] {
  return curlLines(README).filter((line) => line.includes('-X POST'));
}

describe('README examples', () => {
  let system: HotSwapSystem;
  const urls = new Map<number, string>();

  beforeAll(async () => {
    system = await HotSwapSystem.start();
    for (const service of SERVICES) urls.set(service.defaultPort, system.urls.get(service.name)!);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
  });

  it('has curl examples, every one of them checked below', () => {
    expect(curlLines(README).length).toBeGreaterThanOrEqual(3);
    for (const line of curlLines(README)) expect(plainGet(line) || POST.test(line)).toBe(true);
    expect(
      curlLines(GATEWAY_README).filter((line) => line.includes('/api/v1/')).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it.each(curlExamples())('%s answers 200', async (line) => {
    const match = /^curl (?:-s )?http:\/\/127\.0\.0\.1:(\d+)(\/\S*)$/.exec(line);
    if (!match) throw new Error(`The README example '${line}' is not a plain curl of a local URL`);
    const base = urls.get(Number(match[1]));
    if (!base)
      throw new Error(`The README example '${line}' uses port ${match[1]}, which no service has`);
    const response = await eventually(
      async () => {
        const r = await fetch(`${base}${match[2]}`);
        return r.status === 200 ? r : undefined;
      },
      { what: `${line} to answer 200`, timeoutMs: 15_000 },
    );
    expect(response.status).toBe(200);
  });

  it.each(postExamples())('%s answers 202 and the deployment completes', async (line) => {
    const match = POST.exec(line);
    if (!match)
      throw new Error(`The README example '${line}' is not a POST of JSON to a local URL`);
    const base = urls.get(Number(match[1]))!;
    const response = await fetch(`${base}${match[2]}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: match[3],
    });
    expect(response.status).toBe(202);
    const { executionId } = (await response.json()) as { executionId: string };
    const done = await eventually(
      async () => {
        const r = await fetch(`${base}/api/v1/deployments/${executionId}`);
        const body = r.status === 200 ? ((await r.json()) as { status: string }) : undefined;
        return body && ['Completed', 'Failed'].includes(body.status) ? body : undefined;
      },
      { what: `the README's deployment to end`, timeoutMs: 30_000 },
    );
    expect(done.status).toBe('Completed');
  });
});
