import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hash } from 'bcryptjs';
import { isRole, type Role } from './roles.js';

/**
 * The users file: `{ "users": [{ "username", "passwordHash", "roles" }] }`, bcrypt hashes only.
 * Written by `hotswap users add`, read by the gateway.
 */
export interface StoredUser {
  readonly username: string;
  readonly passwordHash: string;
  readonly roles: readonly Role[];
}

export const USERS_FILE_VARIABLE = 'HOTSWAP_USERS_FILE';
export const DEFAULT_USERS_FILE = '.data/users.json';
export const DEFAULT_BCRYPT_COST = 12;
export const MIN_PASSWORD_LENGTH = 12;

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** A user `addUser` will not write, naming the field at fault. */
export class UserRefused extends Error {
  constructor(
    readonly field: 'username' | 'password' | 'roles',
    message: string,
  ) {
    super(message);
    this.name = 'UserRefused';
  }
}

/** A users file that cannot be read as one. */
export class UsersFileInvalid extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'UsersFileInvalid';
  }
}

/** The users in `file`; none when it does not exist yet. */
export async function readUsers(file: string): Promise<StoredUser[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsersFileInvalid(file, 'is not valid JSON');
  }
  const users = (parsed as { users?: unknown } | null)?.users;
  if (!Array.isArray(users)) throw new UsersFileInvalid(file, 'has no "users" array');
  return users.map((entry: unknown, index) => {
    const { username, passwordHash, roles } = (entry ?? {}) as Record<string, unknown>;
    if (
      typeof username !== 'string' ||
      typeof passwordHash !== 'string' ||
      !Array.isArray(roles) ||
      !roles.every(isRole)
    ) {
      throw new UsersFileInvalid(
        file,
        `users[${index}] needs a username, a passwordHash and known roles`,
      );
    }
    return { username, passwordHash, roles };
  });
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly Role[];
}

/**
 * Adds a user to `file` (created with its folder when missing), its password hashed with bcrypt.
 * Refuses a username already there unless `replace`. The file is replaced atomically (written
 * beside it, mode 600, then renamed), so a reader never sees half of it. Two writers at once
 * may lose one's change: this is an operator's tool, not a concurrent store.
 */
export async function addUser(
  file: string,
  user: NewUser,
  { cost = DEFAULT_BCRYPT_COST, replace = false }: { cost?: number; replace?: boolean } = {},
): Promise<StoredUser> {
  if (!USERNAME.test(user.username)) {
    throw new UserRefused(
      'username',
      "username must be 1 to 64 letters, digits, '.', '_', '@' or '-'",
    );
  }
  if (user.password.length < MIN_PASSWORD_LENGTH) {
    throw new UserRefused(
      'password',
      `password is too weak: it needs at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  if (user.roles.length === 0 || !user.roles.every(isRole)) {
    throw new UserRefused('roles', 'roles must be one or more of Viewer, Deployer, Admin');
  }
  const users = await readUsers(file);
  const existing = users.findIndex((u) => u.username === user.username);
  if (existing !== -1 && !replace) {
    throw new UserRefused('username', `user '${user.username}' already exists`);
  }
  const stored: StoredUser = {
    username: user.username,
    passwordHash: await hash(user.password, cost),
    roles: [...new Set(user.roles)],
  };
  const next =
    existing === -1 ? [...users, stored] : users.map((u, i) => (i === existing ? stored : u));
  await writeAtomically(file, `${JSON.stringify({ users: next }, null, 2)}\n`);
  return stored;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
