/**
 * Failed-login counters, behind a port so several gateway instances can share them (Redis) and
 * tests can run without a server (in memory). A counter disappears `ttlMs` after its last
 * increment.
 */
export interface LoginAttempts {
  /** The failures counted for `key`, 0 when none or expired. */
  get(key: string): Promise<number>;
  /** Counts one more failure and (re)starts the expiry; returns the new count. */
  increment(key: string, ttlMs: number): Promise<number>;
  reset(key: string): Promise<void>;
  /** How long until the counter for `key` disappears, 0 when there is none. */
  remainingMs(key: string): Promise<number>;
}

export interface LockoutPolicy {
  /** Failures that lock an account. */
  readonly maxFailures: number;
  /** How long the account stays locked after the failure that locked it. */
  readonly lockMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60_000 };

/**
 * Five failed logins lock an account for 15 minutes (by default). Each failure restarts the
 * window, so the lock lasts `lockMs` from the last counted failure. While an account is locked the
 * caller should not check the password nor record a failure: it answers "locked" at once.
 */
export class LoginLockout {
  constructor(
    private readonly attempts: LoginAttempts,
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ) {}

  async isLocked(username: string): Promise<boolean> {
    return (await this.attempts.get(username)) >= this.policy.maxFailures;
  }

  /** Records a wrong password; says whether the account is now locked. */
  async recordFailure(username: string): Promise<{ failures: number; locked: boolean }> {
    const failures = await this.attempts.increment(username, this.policy.lockMs);
    return { failures, locked: failures >= this.policy.maxFailures };
  }

  /** How long the account stays locked (0 when it is not): for a client's Retry-After. */
  async lockedForMs(username: string): Promise<number> {
    return (await this.isLocked(username)) ? this.attempts.remainingMs(username) : 0;
  }

  /** A successful login forgets earlier failures. */
  async recordSuccess(username: string): Promise<void> {
    await this.attempts.reset(username);
  }
}
