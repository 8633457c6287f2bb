/**
 * The README's "Try it" commands, run as a user would run them against `npm start`: the five
 * built services as processes, with each curl's port mapped to where the test started that service.
 * The login line runs as written (the CLI, through npm), told where the test's gateway and
 * passwords are by HOTSWAP_GATEWAY_URL and HOTSWAP_CREDENTIALS_FILE; the curls that send
 * `$TOKEN` send the token it printed. The gateway's README adds its plain GET examples (a POST,
 * or a URL with a placeholder, is not one).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICES } from '@hotswap/contracts';
import { eventually, HotSwapSystem, testInfrastructure, testUsersFile } from '@hotswap/testing';

const ROOT = path.resolve(__dirname, '../../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const GATEWAY_README = readFileSync(path.resolve(__dirname, '../README.md'), 'utf8');

/** Lines of a README's sh blocks. */
function shLines(readme: string): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks.flatMap((block) => block.split('\n'));
}
const curlLines = (readme: string) => shLines(readme).filter((line) => line.startsWith('curl '));

const WITH_TOKEN = ' -H "authorization: Bearer $TOKEN"';
const LOGIN = /^TOKEN=\$\((npm run -s hotswap -- login \w+)\)$/;
const GET =
  /^curl (?:-s )?http:\/\/127\.0\.0\.1:(\d+)(\/[^\s<$]*)( -H "authorization: Bearer \$TOKEN")?$/;
const POST =
  /^curl -s -X POST http:\/\/127\.0\.0\.1:(\d+)(\/\S+)( -H "authorization: Bearer \$TOKEN")? -H 'content-type: application\/json' -d '(\{.*\})'$/;

const getExamples = () =>
  [...curlLines(README), ...curlLines(GATEWAY_README)].filter((line) => GET.test(line));
const postExamples = () => curlLines(README).filter((line) => line.includes('-X POST'));

describe('README examples', () => {
  let system: HotSwapSystem;
  let token: string | undefined;
  const urls = new Map<number, string>();

  beforeAll(async () => {
    system = await HotSwapSystem.start();
    for (const service of SERVICES) urls.set(service.defaultPort, system.urls.get(service.name)!);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
  });

  const headers = (line: string): Record<string, string> => {
    if (!line.includes(WITH_TOKEN)) return {};
    if (token === undefined) throw new Error(`'${line}' needs $TOKEN, which the login line sets`);
    return { authorization: `Bearer ${token}` };
  };

  it('has curl examples, every one of them checked below, and every API call sends a token', () => {
    expect(curlLines(README).length).toBeGreaterThanOrEqual(3);
    for (const line of curlLines(README)) expect(GET.test(line) || POST.test(line)).toBe(true);
    for (const line of curlLines(README).filter((l) => l.includes('/api/v1/'))) {
      expect(line).toContain(WITH_TOKEN);
    }
    expect(
      curlLines(GATEWAY_README).filter((line) => line.includes('/api/v1/')).length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('logs in with the line the README gives, printing a token', async () => {
    const [login, ...more] = shLines(README).filter((line) => line.startsWith('TOKEN='));
    expect(more).toEqual([]);
    const match = LOGIN.exec(login ?? '');
    if (!match)
      throw new Error(`The README's login line '${login}' is not TOKEN=$(npm run … login <user>)`);
    const { passwords } = await testUsersFile();
    const credentials = path.join(testInfrastructure().tmpDir, 'readme-credentials.json');
    writeFileSync(credentials, JSON.stringify({ users: passwords }), { mode: 0o600 });
    token = execFileSync('bash', ['-c', match[1]!], {
      cwd: ROOT,
      env: {
        ...process.env,
        HOTSWAP_GATEWAY_URL: system.gateway,
        HOTSWAP_CREDENTIALS_FILE: credentials,
      },
      encoding: 'utf8',
    }).trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  }, 60_000);

  it.each(getExamples())('%s answers 200', async (line) => {
    const match = GET.exec(line)!;
    const base = urls.get(Number(match[1]));
    if (!base)
      throw new Error(`The README example '${line}' uses port ${match[1]}, which no service has`);
    const response = await eventually(
      async () => {
        const r = await fetch(`${base}${match[2]}`, { headers: headers(line) });
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
      headers: { 'content-type': 'application/json', ...headers(line) },
      body: match[4],
    });
    expect(response.status).toBe(202);
    const { executionId } = (await response.json()) as { executionId: string };
    const done = await eventually(
      async () => {
        const r = await fetch(`${base}/api/v1/deployments/${executionId}`, {
          headers: headers(line),
        });
        const body = r.status === 200 ? ((await r.json()) as { status: string }) : undefined;
        return body && ['Completed', 'Failed'].includes(body.status) ? body : undefined;
      },
      { what: `the README's deployment to end`, timeoutMs: 30_000 },
    );
    expect(done.status).toBe('Completed');
  });
});
