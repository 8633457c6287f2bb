import { mkdtemp, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compare } from 'bcryptjs';
import { checkPassword } from './check-password.js';
import { UserRefused, UsersFileInvalid, addUser, readUsers, type NewUser } from './users-file.js';

const COST = 4; // bcrypt's minimum, to keep tests fast; the default is 12
const password = 'correct horse battery';

describe('users file', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hotswap-users-'));
    file = path.join(dir, 'nested', 'users.json');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads as no users when it does not exist', async () => {
    expect(await readUsers(file)).toEqual([]);
  });

  it('stores a bcrypt hash, never the password, in a file only its owner can read', async () => {
    const stored = await addUser(
      file,
      { username: 'alice', password, roles: ['Admin'] },
      { cost: COST },
    );
    expect(stored.passwordHash).toMatch(/^\$2[aby]\$04\$/);
    expect(await compare(password, stored.passwordHash)).toBe(true);
    expect(await readFile(file, 'utf8')).not.toContain(password);
    expect(await readUsers(file)).toEqual([stored]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(path.dirname(file))).toEqual(['users.json']);
  });

  it('uses bcrypt cost 12 by default', async () => {
    const stored = await addUser(file, { username: 'alice', password, roles: ['Viewer'] });
    expect(stored.passwordHash).toMatch(/^\$2[aby]\$12\$/);
  });

  it('refuses a duplicate username unless asked to replace it', async () => {
    await addUser(file, { username: 'alice', password, roles: ['Viewer'] }, { cost: COST });
    await addUser(file, { username: 'bob', password, roles: ['Viewer'] }, { cost: COST });
    const again = addUser(file, { username: 'alice', password, roles: ['Admin'] }, { cost: COST });
    await expect(again).rejects.toThrow(new UserRefused('username', "user 'alice' already exists"));
    await addUser(
      file,
      { username: 'alice', password: 'another long password', roles: ['Admin'] },
      { cost: COST, replace: true },
    );
    const users = await readUsers(file);
    expect(users.map((u) => [u.username, u.roles])).toEqual([
      ['alice', ['Admin']],
      ['bob', ['Viewer']],
    ]);
    expect(await checkPassword(users, 'alice', 'another long password')).toBe(users[0]);
  });

  it.each([
    [{ username: '', password, roles: ['Viewer'] }, 'username'],
    [{ username: 'has space', password, roles: ['Viewer'] }, 'username'],
    [{ username: 'alice', password: 'short', roles: ['Viewer'] }, 'password'],
    [{ username: 'alice', password, roles: [] }, 'roles'],
    [{ username: 'alice', password, roles: ['Root'] }, 'roles'],
  ])('refuses %j, naming the %s', async (user, field) => {
    // Deliberately invalid roles: the file must refuse what the type system would.
    const attempt = addUser(file, user as unknown as NewUser, { cost: COST });
    await expect(attempt).rejects.toMatchObject({ name: 'UserRefused', field });
    expect(await readUsers(file)).toEqual([]);
  });

  it('names a broken file', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{"users": [{"username": "x"}]}');
    await expect(readUsers(path.join(dir, 'broken.json'))).rejects.toThrow(UsersFileInvalid);
    await writeFile(path.join(dir, 'broken.json'), 'not json');
    await expect(readUsers(path.join(dir, 'broken.json'))).rejects.toThrow(/is not valid JSON/);
  });
});
