import { randomBytes } from 'node:crypto';
import { compare, getRounds, hash } from 'bcryptjs';
import { DEFAULT_BCRYPT_COST, type StoredUser } from './users-file.js';

// One dummy hash per cost, made on first use: an unknown username is compared against it, so it
// takes as long as a known one with a wrong password and timing does not tell which names exist.
const dummyHashes = new Map<number, Promise<string>>();

function dummyHash(cost: number): Promise<string> {
  let dummy = dummyHashes.get(cost);
  if (dummy === undefined) {
    dummy = hash(randomBytes(16).toString('hex'), cost);
    dummyHashes.set(cost, dummy);
  }
  return dummy;
}

/** The user whose name and password these are, or undefined (unknown name or wrong password). */
export async function checkPassword(
  users: readonly StoredUser[],
  username: string,
  password: string,
): Promise<StoredUser | undefined> {
  const user = users.find((u) => u.username === username);
  if (user === undefined) {
    const sample = users[0]?.passwordHash;
    await compare(password, await dummyHash(sample ? getRounds(sample) : DEFAULT_BCRYPT_COST));
    return undefined;
  }
  return (await compare(password, user.passwordHash)) ? user : undefined;
}
