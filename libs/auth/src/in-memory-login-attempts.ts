import type { LoginAttempts } from './login-attempts.js';

/** LoginAttempts in this process's memory, with an injectable clock: for tests and one instance. */
export class InMemoryLoginAttempts implements LoginAttempts {
  private readonly counters = new Map<string, { count: number; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<number> {
    const counter = this.counters.get(key);
    if (counter === undefined) return 0;
    if (counter.expiresAt <= this.now()) {
      this.counters.delete(key);
      return 0;
    }
    return counter.count;
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const count = (await this.get(key)) + 1;
    this.counters.set(key, { count, expiresAt: this.now() + ttlMs });
    return count;
  }

  async reset(key: string): Promise<void> {
    this.counters.delete(key);
  }

  async remainingMs(key: string): Promise<number> {
    const counter = this.counters.get(key);
    return counter === undefined ? 0 : Math.max(0, counter.expiresAt - this.now());
  }
}
