import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hash } from 'bcryptjs';
import {
  DEFAULT_JWT_AUDIENCE,
  DEFAULT_JWT_ISSUER,
  DEFAULT_JWT_TTL_SECONDS,
  JWT_SECRET_VARIABLE,
  USERS_FILE_VARIABLE,
  issueToken,
  type AuthSettings,
  type TokenUser,
} from '@hotswap/auth';
import { Secret } from '@hotswap/config';

/** The users every test gateway knows, one per role, as `npm start` makes them. */
export const TEST_USERS = { viewer: 'Viewer', deployer: 'Deployer', admin: 'Admin' } as const;
export type TestUsername = keyof typeof TEST_USERS;

/**
 * The key that signs the gateway's tokens in this run (the process's HOTSWAP_JWT_SECRET, made by
 * the jest global setup, or here on first use outside jest), so a test can mint a token the
 * services it starts accept. Random, never written down.
 */
export function testJwtSecret(): string {
  const current = process.env[JWT_SECRET_VARIABLE];
  if (current) return current;
  const secret = randomBytes(32).toString('hex');
  process.env[JWT_SECRET_VARIABLE] = secret;
  return secret;
}

/** The token settings of a test gateway (the defaults, with testJwtSecret()). */
export function testAuthSettings(overrides: Partial<AuthSettings> = {}): AuthSettings {
  return {
    algorithm: 'HS256',
    secret: new Secret(testJwtSecret()),
    secretSource: 'configured',
    issuer: DEFAULT_JWT_ISSUER,
    audience: DEFAULT_JWT_AUDIENCE,
    ttlSeconds: DEFAULT_JWT_TTL_SECONDS,
    clockToleranceSeconds: 5,
    ...overrides,
  };
}

/**
 * A valid token, as a login gives: of a test user (viewer, deployer, admin), or of any user and
 * roles (a second admin, say), signed with the run's key.
 */
export function testToken(user: TestUsername | TokenUser, now: Date = new Date()): string {
  const named: TokenUser =
    typeof user === 'string' ? { username: user, roles: [TEST_USERS[user]] } : user;
  return issueToken(named, testAuthSettings(), now).token;
}

/** `{ authorization: 'Bearer …' }` for the user (see testToken). */
export function authorization(user: TestUsername | TokenUser): { authorization: string } {
  return { authorization: `Bearer ${testToken(user)}` };
}

export interface TestUsersFile {
  readonly file: string;
  /** Each test user's password, random for this process. */
  readonly passwords: Readonly<Record<TestUsername, string>>;
}

let usersFile: Promise<TestUsersFile> | undefined;

/**
 * A users file with the three test users (bcrypt at the lowest cost, so logins are quick), made
 * once per process in the system's temporary folder.
 */
export function testUsersFile(): Promise<TestUsersFile> {
  usersFile ??= (async () => {
    const passwords = Object.fromEntries(
      Object.keys(TEST_USERS).map((name) => [name, randomBytes(12).toString('base64url')]),
    ) as Record<TestUsername, string>;
    const users = await Promise.all(
      Object.entries(TEST_USERS).map(async ([username, role]) => ({
        username,
        passwordHash: await hash(passwords[username as TestUsername], 4),
        roles: [role],
      })),
    );
    const file = path.join(
      process.env['HOTSWAP_TEST_TMP_DIR'] ?? tmpdir(),
      `hotswap-test-users-${randomBytes(6).toString('hex')}.json`,
    );
    await writeFile(file, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
    return { file, passwords };
  })();
  return usersFile;
}

/** The variables that give a gateway the test run's token key and users. */
export async function authEnvironment(): Promise<Record<string, string>> {
  return {
    [JWT_SECRET_VARIABLE]: testJwtSecret(),
    [USERS_FILE_VARIABLE]: (await testUsersFile()).file,
  };
}
