// .data/credentials.json: the secrets `npm start` makes for development, so that none is a literal
// in the code and the five services it starts agree on them. Created with mode 600 (readable by
// its owner only); a secret already in it is kept, so restarts keep their keys, and anything else
// in it (what other parts of the set-up store there) is left as it is. Production never comes here:
// there the secrets are configured, and a service without one refuses to start, naming it.
// Plain CommonJS, like libs/testing/servers/servers.cjs, so it runs before anything is built and loads from jest too.
'use strict';
const { randomBytes } = require('node:crypto');
const {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} = require('node:fs');
const path = require('node:path');

/** Per variable: how to make a value, and what a usable one looks like. */
const GENERATED = {
  // HMAC-SHA256 key that signs commands on NATS: 32 random bytes as hex (libs/config's format).
  HOTSWAP_NATS_SIGNING_KEY: {
    make: () => randomBytes(32).toString('hex'),
    valid: (value) => /^(?:[0-9a-fA-F]{2}){32,}$/.test(value),
  },
  // HMAC-SHA256 key that signs the gateway's tokens (HS256): 32 random bytes as hex.
  HOTSWAP_JWT_SECRET: {
    make: () => randomBytes(32).toString('hex'),
    valid: (value) => /^(?:[0-9a-fA-F]{2}){32,}$/.test(value),
  },
  // AES-256-GCM key that encrypts webhook secrets in the event store: exactly 32 bytes as hex.
  HOTSWAP_WEBHOOK_SECRET_KEY: {
    make: () => randomBytes(32).toString('hex'),
    valid: (value) => /^[0-9a-fA-F]{64}$/.test(value),
  },
};

/** The users `npm start` makes, one per role, with random passwords kept in the credentials file. */
const DEVELOPMENT_USERS = { admin: 'Admin', deployer: 'Deployer', viewer: 'Viewer' };

function readCredentials(file) {
  if (!existsSync(file)) return {};
  let parsed;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${error.message}): fix it or remove it`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} does not hold a JSON object: fix it or remove it`);
  }
  return parsed;
}

/**
 * Makes sure `file` holds every generated secret: adds those it lacks, keeps the others, and
 * leaves the file with mode 600. Returns `{ values, generated }`: the secrets by variable name
 * and the names of those made now. A secret in the file that is not usable is an error naming it
 * (replacing it quietly would break whatever else uses it).
 */
function ensureLocalCredentials(file) {
  const credentials = readCredentials(file);
  const generated = [];
  const values = {};
  for (const [name, secret] of Object.entries(GENERATED)) {
    const current = credentials[name];
    if (current === undefined || current === '') {
      credentials[name] = secret.make();
      generated.push(name);
    } else if (typeof current !== 'string' || !secret.valid(current)) {
      throw new Error(
        `${name} in ${file} is not a usable key: remove it from the file to have a new one made`,
      );
    }
    values[name] = credentials[name];
  }
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (generated.length > 0) {
    // Written beside the file and renamed over it: a crash mid-write leaves the old file whole.
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    renameSync(partial, file);
  }
  // Also closes a file that someone made readable by others.
  chmodSync(file, 0o600);
  return { values, generated };
}

function writeCredentials(file, credentials) {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
  chmodSync(file, 0o600);
}

/**
 * Makes sure the users file holds admin, deployer and viewer, and the credentials file their
 * passwords (`users.<name>`), so a developer can log in at once. A password is made (random) only
 * for a user the credentials file lacks; a user missing from the users file is added with the
 * password the credentials file has. `auth` is libs/auth (built), which hashes and writes users.
 * Returns the names of the users added.
 */
async function ensureLocalUsers(credentialsFile, usersFile, auth) {
  const credentials = readCredentials(credentialsFile);
  const passwords = { ...(credentials.users ?? {}) };
  let changed = false;
  for (const name of Object.keys(DEVELOPMENT_USERS)) {
    if (typeof passwords[name] !== 'string' || passwords[name].length < auth.MIN_PASSWORD_LENGTH) {
      passwords[name] = randomBytes(18).toString('base64url');
      changed = true;
    }
  }
  if (changed) writeCredentials(credentialsFile, { ...credentials, users: passwords });
  const existing = await auth.readUsers(usersFile);
  const added = [];
  for (const [name, role] of Object.entries(DEVELOPMENT_USERS)) {
    const stored = existing.find((user) => user.username === name);
    // A password made just now replaces whatever hash the users file had for the name.
    if (stored !== undefined && !changed) continue;
    await auth.addUser(
      usersFile,
      { username: name, password: passwords[name], roles: [role] },
      { replace: true },
    );
    added.push(name);
  }
  return added;
}

module.exports = { ensureLocalCredentials, ensureLocalUsers, DEVELOPMENT_USERS };
