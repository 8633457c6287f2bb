/**
 * The contract every LoginAttempts adapter passes, with the lockout rules on top of it. An
 * adapter's spec calls `loginAttemptsContract(name, setup)`.
 */
import { randomBytes } from 'node:crypto';
import { LoginLockout, type LoginAttempts } from '../login-attempts.js';

export interface LoginAttemptsSubject {
  readonly attempts: LoginAttempts;
  /** A ttl `passTtl` can let pass in a test. */
  readonly ttlMs: number;
  /** Lets `ttlMs` pass for `key`: moves a fake clock, or waits (with a deadline) for the expiry. */
  passTtl(key: string): Promise<void>;
}

export function loginAttemptsContract(name: string, setup: () => LoginAttemptsSubject): void {
  describe(`${name} (LoginAttempts contract)`, () => {
    let subject: LoginAttemptsSubject;
    const user = () => `user-${randomBytes(4).toString('hex')}`;
    beforeEach(() => {
      subject = setup();
    });

    it('counts failures per key from 0', async () => {
      const [alice, bob] = [user(), user()];
      expect(await subject.attempts.get(alice)).toBe(0);
      expect(await subject.attempts.increment(alice, subject.ttlMs)).toBe(1);
      expect(await subject.attempts.increment(alice, subject.ttlMs)).toBe(2);
      expect(await subject.attempts.get(alice)).toBe(2);
      expect(await subject.attempts.get(bob)).toBe(0);
    });

    it('forgets a key on reset and after its ttl', async () => {
      const [alice, bob] = [user(), user()];
      await subject.attempts.increment(alice, subject.ttlMs);
      await subject.attempts.reset(alice);
      expect(await subject.attempts.get(alice)).toBe(0);
      await subject.attempts.increment(bob, subject.ttlMs);
      await subject.passTtl(bob);
      expect(await subject.attempts.get(bob)).toBe(0);
    });

    describe('LoginLockout', () => {
      const lockout = () =>
        new LoginLockout(subject.attempts, { maxFailures: 5, lockMs: subject.ttlMs });
      async function fail(l: LoginLockout, username: string, times: number) {
        let last = { failures: 0, locked: false };
        for (let i = 0; i < times; i++) last = await l.recordFailure(username);
        return last;
      }

      it('locks an account at the fifth failure, not before', async () => {
        const l = lockout();
        const alice = user();
        expect(await fail(l, alice, 4)).toEqual({ failures: 4, locked: false });
        expect(await l.isLocked(alice)).toBe(false);
        expect(await fail(l, alice, 1)).toEqual({ failures: 5, locked: true });
        expect(await l.isLocked(alice)).toBe(true);
        expect(await l.isLocked(user())).toBe(false);
      });

      it('starts again from 0 after a successful login', async () => {
        const l = lockout();
        const alice = user();
        await fail(l, alice, 4);
        await l.recordSuccess(alice);
        expect(await fail(l, alice, 4)).toEqual({ failures: 4, locked: false });
      });

      it('says how long an account stays locked, 0 when it is not', async () => {
        const l = lockout();
        const alice = user();
        await fail(l, alice, 4);
        expect(await l.lockedForMs(alice)).toBe(0);
        await fail(l, alice, 1);
        const remaining = await l.lockedForMs(alice);
        expect(remaining).toBeGreaterThan(0);
        expect(remaining).toBeLessThanOrEqual(subject.ttlMs);
        expect(await l.lockedForMs(user())).toBe(0);
      });

      it('unlocks once the lock time has passed', async () => {
        const l = lockout();
        const alice = user();
        await fail(l, alice, 5);
        await subject.passTtl(alice);
        expect(await l.isLocked(alice)).toBe(false);
        expect(await fail(l, alice, 1)).toEqual({ failures: 1, locked: false });
      });
    });
  });
}
