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

function curlExamples(): string[] {
  const plainGet = (line: string) => /^curl (?:-s )?http:\/\/\S+$/.test(line) && !/[<$]/.test(line);
  return [...curlLines(README), ...curlLines(GATEWAY_README).filter(plainGet)];
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

  it('has curl examples', () => {
    expect(curlLines(README).length).toBeGreaterThanOrEqual(3);
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
});
