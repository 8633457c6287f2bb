import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkPassword, readUsers } from '@hotswap/auth';
import { UsageError } from '../cli-error.js';
import { runAsText } from '../../test/run-captured.js';
import { usersCommand } from './users-command.js';

describe('hotswap users add', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hotswap-cli-users-'));
    file = path.join(dir, 'users.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const run = runAsText;

  /** Without runCli, to give stdin and a fast bcrypt cost. */
  const add = (args: string[], stdin = '', env: Record<string, string> = {}) =>
    usersCommand(['add', ...args], () => undefined, {
      readStdin: async () => stdin,
      env,
      cost: 4,
    });

  it('adds a user whose password then checks, in a file only its owner reads', async () => {
    const result = await run(
      'users',
      'add',
      'alice',
      '--role',
      'Admin',
      '--password',
      'a long enough password',
      '--file',
      file,
    );
    expect(result).toEqual({ code: 0, out: `Added user 'alice' (Admin) in ${file}`, err: '' });
    const users = await readUsers(file);
    expect(await checkPassword(users, 'alice', 'a long enough password')).toMatchObject({
      username: 'alice',
      roles: ['Admin'],
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('reads the password from stdin when --password is not given', async () => {
    await add(['bob', '--role', 'Viewer', '--file', file], 'from stdin secret\n');
    expect(await checkPassword(await readUsers(file), 'bob', 'from stdin secret')).toBeDefined();
  });

  it('writes to HOTSWAP_USERS_FILE when --file is not given', async () => {
    await add(['carol', '--role', 'Deployer', '--password', 'a long enough password'], '', {
      HOTSWAP_USERS_FILE: file,
    });
    expect((await readUsers(file)).map((u) => u.username)).toEqual(['carol']);
  });

  it.each([
    [['--role', 'Admin', '--password', 'a long enough password'], /Missing argument <username>/],
    [['alice', '--password', 'a long enough password'], /Missing option --role/],
    [
      ['alice', '--role', 'Root', '--password', 'a long enough password'],
      /Option --role 'Root' is not a role: expected Viewer, Deployer, Admin/,
    ],
    [
      ['alice', '--role', 'Admin', '--password', 'short'],
      /Option --password is too weak: it needs at least 12 characters/,
    ],
    [['al ice', '--role', 'Admin', '--password', 'a long enough password'], /Argument <username>/],
  ])('refuses %j, naming the argument', async (args, message) => {
    const attempt = add([...args, '--file', file]);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(add([...args, '--file', file])).rejects.toThrow(message);
    expect(await readUsers(file)).toEqual([]);
  });

  it('refuses a short password from stdin', async () => {
    await expect(add(['alice', '--role', 'Admin', '--file', file], 'short\n')).rejects.toThrow(
      /the password read from stdin is too weak/,
    );
  });

  it('refuses a duplicate user unless --replace', async () => {
    const args = ['dave', '--role', 'Viewer', '--password', 'a long enough password'];
    await add([...args, '--file', file]);
    const again = run('users', 'add', ...args, '--file', file);
    await expect(again).resolves.toMatchObject({
      code: 1,
      err: `hotswap users: user 'dave' already exists in ${file} (add --replace to replace it)`,
    });
    await expect(
      add([
        'dave',
        '--role',
        'Admin',
        '--password',
        'a new long password',
        '--replace',
        '--file',
        file,
      ]),
    ).resolves.toBeUndefined();
    const users = await readUsers(file);
    expect(users.map((u) => [u.username, u.roles])).toEqual([['dave', ['Admin']]]);
    expect(await checkPassword(users, 'dave', 'a new long password')).toBeDefined();
  });

  it('exits 2 with the usage for a missing or unknown subcommand', async () => {
    const result = await run('users');
    expect(result.code).toBe(2);
    expect(result.err).toContain('hotswap users add <username>');
    await expect(usersCommand(['remove'], () => undefined)).rejects.toThrow(
      /Unknown subcommand 'remove'/,
    );
  });
});
