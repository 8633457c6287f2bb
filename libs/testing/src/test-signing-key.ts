import { randomBytes } from 'node:crypto';
import { NATS_SIGNING_KEY_VARIABLE } from '@hotswap/config';

/**
 * The key that signs commands in this test run, so the whole suite runs with signed commands as
 * production does. It is the process's HOTSWAP_NATS_SIGNING_KEY, so every sendCommand of a test
 * signs with it; testEnvironment(), ServiceProcess, HotSwapSystem and startInProcess give it to
 * the services they start, which then check with it. The jest global setup makes one per run
 * (deploy/local/jest-global-setup.mjs); a process outside jest (a benchmark) gets one made here
 * on first use. Random, never written down.
 */
export function testSigningKey(): string {
  const current = process.env[NATS_SIGNING_KEY_VARIABLE];
  if (current) return current;
  const key = randomBytes(32).toString('hex');
  process.env[NATS_SIGNING_KEY_VARIABLE] = key;
  return key;
}

/** `{ HOTSWAP_NATS_SIGNING_KEY: testSigningKey() }`, to spread into a service's variables. */
export function signingEnvironment(): Record<string, string> {
  return { [NATS_SIGNING_KEY_VARIABLE]: testSigningKey() };
}
