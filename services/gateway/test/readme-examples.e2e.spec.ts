/**
 * The README's "Try it" commands, run as a user would run them against `npm start`: the five
 * built services as processes, with each curl's port mapped to where the test started that service.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICES } from '@hotswap/contracts';
import { eventually, testInfrastructure, uniqueName } from '@hotswap/testing';
import { ServiceProcess } from './service-process.js';

const README = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

/** `curl` lines of the README's sh blocks. */
function curlExamples(): string[] {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks.flatMap((block) => block.split('\n').filter((line) => line.startsWith('curl ')));
}

describe('README examples', () => {
  const processes: ServiceProcess[] = [];
  const urls = new Map<number, string>();

  beforeAll(async () => {
    const { natsUrl, redisUrl } = testInfrastructure();
    const name = uniqueName('readme');
    const env = {
      NATS_URL: natsUrl,
      REDIS_URL: redisUrl,
      HOTSWAP_JETSTREAM_STREAM: name.toUpperCase(),
      HOTSWAP_JETSTREAM_SUBJECT_PREFIX: `${name}.es`,
    };
    for (const service of SERVICES) processes.push(ServiceProcess.start(service.name, env));
    for (const [i, service] of SERVICES.entries()) {
      urls.set(service.defaultPort, await processes[i]!.ready());
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
  });

  it('has curl examples', () => {
    expect(curlExamples().length).toBeGreaterThanOrEqual(3);
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
