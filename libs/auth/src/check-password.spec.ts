import { compare, hash } from 'bcryptjs';
import { checkPassword } from './check-password.js';
import type { StoredUser } from './users-file.js';

// compare is wrapped (still real) to see which hash an unknown user is checked against.
jest.mock('bcryptjs', () => {
  const actual = jest.requireActual<typeof import('bcryptjs')>('bcryptjs');
  return {
    ...actual,
    compare: jest.fn((password: string, hash: string) => actual.compare(password, hash)),
  };
});

describe('checkPassword', () => {
  let users: StoredUser[];
  beforeAll(async () => {
    users = [
      { username: 'alice', passwordHash: await hash('alice password', 4), roles: ['Admin'] },
    ];
  });

  it('gives the user for the right password', async () => {
    expect(await checkPassword(users, 'alice', 'alice password')).toBe(users[0]);
  });

  it('gives nothing for a wrong password or an unknown user', async () => {
    expect(await checkPassword(users, 'alice', 'alice passwore')).toBeUndefined();
    expect(await checkPassword(users, 'Alice', 'alice password')).toBeUndefined();
    expect(await checkPassword(users, 'mallory', 'alice password')).toBeUndefined();
    expect(await checkPassword([], 'mallory', 'anything')).toBeUndefined();
  });

  it('spends a bcrypt comparison on an unknown user too', async () => {
    const compared = jest.mocked(compare);
    compared.mockClear();
    await checkPassword(users, 'mallory', 'x');
    expect(compared).toHaveBeenCalledTimes(1);
    // A hash of the same cost as the users', so it takes as long as a wrong password would.
    expect(compared.mock.calls[0]?.[1]).toMatch(/^\$2[aby]\$04\$/);
  });
});
