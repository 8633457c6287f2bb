import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CommandFailed, UsageError } from '../cli-error.js';
import { loginCommand, type LoginDependencies } from './login-command.js';

describe('hotswap login', () => {
  let dir: string;
  let sent: { url: string; body: unknown }[];
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hotswap-cli-login-'));
    sent = [];
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const gateway =
    (status: number, body: object): typeof fetch =>
    async (url, init) => {
      sent.push({ url: url as string, body: JSON.parse(init?.body as string) as unknown });
      return new Response(JSON.stringify(body), { status });
    };
  const run = async (args: string[], dependencies: Partial<LoginDependencies>) => {
    const lines: string[] = [];
    await loginCommand(args, (line) => lines.push(line), {
      readStdin: async () => '',
      env: {},
      fetch: gateway(200, { token: 'a.b.c' }),
      ...dependencies,
    });
    return lines;
  };

  it('prints only the token, the password from stdin, HOTSWAP_PASSWORD or the credentials file', async () => {
    expect(
      await run(['deployer', '--password-stdin', '--gateway', 'http://gw:5000/'], {
        readStdin: async () => 'from-stdin\n',
      }),
    ).toEqual(['a.b.c']);
    expect(sent.at(-1)).toEqual({
      url: 'http://gw:5000/api/v1/authentication/login',
      body: { username: 'deployer', password: 'from-stdin' },
    });
    await run(['deployer'], { env: { HOTSWAP_PASSWORD: 'from-env' } });
    expect(sent.at(-1)?.body).toEqual({ username: 'deployer', password: 'from-env' });
    const file = path.join(dir, 'credentials.json');
    await writeFile(file, JSON.stringify({ users: { deployer: 'from-file' } }));
    await run(['deployer'], { env: { HOTSWAP_CREDENTIALS_FILE: file } });
    expect(sent.at(-1)).toEqual({
      url: 'http://127.0.0.1:5000/api/v1/authentication/login',
      body: { username: 'deployer', password: 'from-file' },
    });
  });

  it('names what is wrong with how it was called', async () => {
    const file = path.join(dir, 'credentials.json');
    await writeFile(file, JSON.stringify({ users: {} }));
    await expect(run([], {})).rejects.toThrow(/^Missing argument <username>/);
    await expect(run(['a', 'b'], {})).rejects.toThrow(/Unexpected argument 'b'/);
    await expect(run(['a', '--gateway', 'ftp://x'], {})).rejects.toThrow(UsageError);
    await expect(run(['viewer'], { env: { HOTSWAP_CREDENTIALS_FILE: file } })).rejects.toThrow(
      /No password: .* has none for 'viewer'/,
    );
    expect(sent).toEqual([]);
  });

  it('fails with the gateway’s words when the login is refused or nobody answers', async () => {
    const refused = run(['admin'], {
      env: { HOTSWAP_PASSWORD: 'x' },
      fetch: gateway(401, { message: 'Wrong username or password' }),
    });
    await expect(refused).rejects.toThrow(new CommandFailed('401: Wrong username or password'));
    const away = run(['admin'], {
      env: { HOTSWAP_PASSWORD: 'x' },
      fetch: async () => {
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      },
    });
    await expect(away).rejects.toThrow(/did not answer \(ECONNREFUSED\): is it running\?/);
  });
});
