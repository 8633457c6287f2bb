/**
 * `npm start`'s development secrets (deploy/local/credentials.cjs): generated once into
 * .data/credentials.json with mode 600, kept across restarts, other entries left alone.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Auth from '@hotswap/auth';
import type * as Credentials from '../deploy/local/credentials.cjs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureLocalCredentials, ensureLocalUsers } = require(
  path.resolve(__dirname, '../deploy/local/credentials.cjs'),
) as typeof Credentials;

describe('npm start’s credentials file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotswap-credentials-'));
    file = path.join(dir, '.data', 'credentials.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const stored = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const mode = () => statSync(file).mode & 0o777;

  it('creates the file with random NATS signing, token and webhook secret keys, readable by its owner only', () => {
    const { values, generated } = ensureLocalCredentials(file);
    expect(generated).toEqual([
      'HOTSWAP_NATS_SIGNING_KEY',
      'HOTSWAP_JWT_SECRET',
      'HOTSWAP_WEBHOOK_SECRET_KEY',
    ]);
    expect(values['HOTSWAP_WEBHOOK_SECRET_KEY']).toMatch(/^[0-9a-f]{64}$/);
    expect(values['HOTSWAP_NATS_SIGNING_KEY']).toMatch(/^[0-9a-f]{64}$/);
    expect(values['HOTSWAP_JWT_SECRET']).toMatch(/^[0-9a-f]{64}$/);
    expect(values['HOTSWAP_JWT_SECRET']).not.toEqual(values['HOTSWAP_NATS_SIGNING_KEY']);
    expect(stored()).toEqual(values);
    expect(mode()).toBe(0o600);
    const other = path.join(dir, 'other.json');
    expect(ensureLocalCredentials(other).values).not.toEqual(values);
  });

  it('keeps the key across restarts', () => {
    const first = ensureLocalCredentials(file);
    const again = ensureLocalCredentials(file);
    expect(again).toEqual({ values: first.values, generated: [] });
  });

  it('extends a file that holds other entries, keeping them, and closes it to others', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const others = { users: [{ username: 'admin' }], note: 'written by another part of npm start' };
    writeFileSync(file, JSON.stringify(others), { mode: 0o644 });
    chmodSync(file, 0o644);
    const { values } = ensureLocalCredentials(file);
    expect(stored()).toEqual({ ...others, ...values });
    expect(mode()).toBe(0o600);

    chmodSync(file, 0o644);
    ensureLocalCredentials(file);
    expect(mode()).toBe(0o600);
  });

  it('refuses a file whose key is not usable, naming it, instead of replacing it', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ HOTSWAP_NATS_SIGNING_KEY: 'short' }));
    expect(() => ensureLocalCredentials(file)).toThrow(
      /^HOTSWAP_NATS_SIGNING_KEY in .*credentials\.json is not a usable key: remove it/,
    );
    writeFileSync(file, 'not json');
    expect(() => ensureLocalCredentials(file)).toThrow(/is not valid JSON/);
  });

  describe('development users', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const auth = require(path.resolve(__dirname, '../libs/auth/dist/index.js')) as typeof Auth;
    const usersFile = () => path.join(dir, '.data', 'users.json');

    it('makes admin, deployer and viewer with random passwords that log in, once', async () => {
      expect(await ensureLocalUsers(file, usersFile(), auth)).toEqual([
        'admin',
        'deployer',
        'viewer',
      ]);
      const passwords = stored()['users'] as Record<string, string>;
      const users = await auth.readUsers(usersFile());
      expect(users.map((u) => [u.username, u.roles])).toEqual([
        ['admin', ['Admin']],
        ['deployer', ['Deployer']],
        ['viewer', ['Viewer']],
      ]);
      for (const user of users) {
        expect(passwords[user.username]!.length).toBeGreaterThanOrEqual(auth.MIN_PASSWORD_LENGTH);
        expect(await auth.checkPassword(users, user.username, passwords[user.username]!)).toEqual(
          user,
        );
      }
      expect(mode()).toBe(0o600);
      expect(statSync(usersFile()).mode & 0o777).toBe(0o600);
      // A restart keeps them; a users file that lost one gets it back with the same password.
      expect(await ensureLocalUsers(file, usersFile(), auth)).toEqual([]);
      writeFileSync(usersFile(), JSON.stringify({ users: users.slice(0, 2) }));
      expect(await ensureLocalUsers(file, usersFile(), auth)).toEqual(['viewer']);
      const viewer = await auth.checkPassword(
        await auth.readUsers(usersFile()),
        'viewer',
        passwords['viewer']!,
      );
      expect(viewer?.roles).toEqual(['Viewer']);
    }, 30_000);
  });
});
