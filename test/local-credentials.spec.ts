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
import type * as Credentials from '../deploy/local/credentials.cjs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureLocalCredentials } = require(
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

  it('creates the file with a random NATS signing key, readable by its owner only', () => {
    const { values, generated } = ensureLocalCredentials(file);
    expect(generated).toEqual(['HOTSWAP_NATS_SIGNING_KEY']);
    expect(values['HOTSWAP_NATS_SIGNING_KEY']).toMatch(/^[0-9a-f]{64}$/);
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
});
