import { randomBytes } from 'node:crypto';

export interface TestInfrastructure {
  readonly natsUrl: string;
  readonly redisUrl: string;
  /** A temporary folder of this test run, removed by the global teardown. */
  readonly tmpDir: string;
}

/**
 * The nats-server and redis-server that the jest global setup (deploy/local/jest-global-setup.mjs)
 * started for this run. Tests share them, so each test names its own JetStream stream, subjects
 * and Redis keys with `uniqueName()`.
 */
export function testInfrastructure(): TestInfrastructure {
  const natsUrl = process.env['HOTSWAP_TEST_NATS_URL'];
  const redisUrl = process.env['HOTSWAP_TEST_REDIS_URL'];
  const tmpDir = process.env['HOTSWAP_TEST_TMP_DIR'];
  if (!natsUrl || !redisUrl || !tmpDir) {
    throw new Error(
      'The test servers are not running: run tests through jest with the project preset (npm test)',
    );
  }
  return { natsUrl, redisUrl, tmpDir };
}

/** A short name no other test in this run uses: letters and digits, safe in subjects, keys and stream names. */
export function uniqueName(prefix = 't'): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}
