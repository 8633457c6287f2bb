import path from 'node:path';
import {
  readInt,
  readMode,
  readString,
  VariableProblems,
  type Environment as Variables,
} from '@hotswap/config';
import {
  DEFAULT_LOCKOUT_POLICY,
  DEFAULT_USERS_FILE,
  USERS_FILE_VARIABLE,
  readAuthSettings,
  type AuthSettings,
  type LockoutPolicy,
} from '@hotswap/auth';

/**
 * How the gateway knows its callers: the token settings (HOTSWAP_JWT_*), the users file
 * (HOTSWAP_USERS_FILE) and the failed-login lockout (HOTSWAP_LOGIN_MAX_FAILURES,
 * HOTSWAP_LOGIN_LOCK_MS). Read once at start-up by readGatewayAuth; tests build their own.
 */
export class GatewayAuth {
  constructor(
    readonly settings: AuthSettings,
    /** Absolute path of the users file the login reads (re-read when it changes). */
    readonly usersFile: string,
    readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
  ) {}
}

/**
 * The gateway's authentication variables; every bad one is named in one ConfigError. Production
 * (HOTSWAP_MODE, or NODE_ENV=production) requires HOTSWAP_JWT_SECRET; development and test
 * without it sign with a random key made for this process (tokens die with it).
 */
export function readGatewayAuth(env: Variables, cwd: string = process.cwd()): GatewayAuth {
  const problems = new VariableProblems();
  const mode = problems.read(() => readMode(env), 'production');
  const settings = readAuthSettings(env, problems, mode);
  const usersFile = problems.read(
    () =>
      readString(env, USERS_FILE_VARIABLE, {
        default: DEFAULT_USERS_FILE,
        pattern: /^[^\0]{1,4096}$/,
        expected: 'the path of the users file (`hotswap users add` writes it)',
      }),
    DEFAULT_USERS_FILE,
  );
  const maxFailures = problems.read(
    () =>
      readInt(env, 'HOTSWAP_LOGIN_MAX_FAILURES', {
        default: DEFAULT_LOCKOUT_POLICY.maxFailures,
        min: 1,
        max: 100,
      }),
    DEFAULT_LOCKOUT_POLICY.maxFailures,
  );
  const lockMs = problems.read(
    () =>
      readInt(env, 'HOTSWAP_LOGIN_LOCK_MS', {
        default: DEFAULT_LOCKOUT_POLICY.lockMs,
        min: 1_000,
        max: 24 * 60 * 60_000,
      }),
    DEFAULT_LOCKOUT_POLICY.lockMs,
  );
  problems.throwIfAny('gateway');
  return new GatewayAuth(settings, path.resolve(cwd, usersFile), { maxFailures, lockMs });
}
