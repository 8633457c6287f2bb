import { loginAttemptsContract } from './contract/login-attempts.contract.js';
import { InMemoryLoginAttempts } from './in-memory-login-attempts.js';
import { DEFAULT_LOCKOUT_POLICY, LoginLockout } from './login-attempts.js';

loginAttemptsContract('InMemoryLoginAttempts', () => {
  let now = 1_000_000;
  const ttlMs = 15 * 60_000;
  return {
    attempts: new InMemoryLoginAttempts(() => now),
    ttlMs,
    passTtl: async () => {
      now += ttlMs;
    },
  };
});

describe('the default lockout', () => {
  it('is five failures for 15 minutes, counted from the last failure', async () => {
    let now = 0;
    const lockout = new LoginLockout(new InMemoryLoginAttempts(() => now));
    expect(DEFAULT_LOCKOUT_POLICY).toEqual({ maxFailures: 5, lockMs: 900_000 });
    for (let i = 0; i < 5; i++) await lockout.recordFailure('alice');
    now += 900_000 - 1;
    expect(await lockout.isLocked('alice')).toBe(true);
    now += 1;
    expect(await lockout.isLocked('alice')).toBe(false);
  });
});
