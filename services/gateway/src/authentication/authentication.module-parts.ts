import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { LoginLockout, RedisLoginAttempts } from '@hotswap/auth';
import { REDIS } from '@hotswap/service-host';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { AccessGuard } from './access.guard.js';
import { GatewayAuth } from './gateway-auth.js';
import { UsersDirectory } from './users-directory.js';

/**
 * The providers of authentication, given a GatewayAuth: the access guard on every route, the
 * users file, and the lockout counted in Redis under the gateway's namespace.
 */
export const authenticationProviders: Provider[] = [
  { provide: APP_GUARD, useClass: AccessGuard },
  UsersDirectory,
  {
    provide: LoginLockout,
    useFactory: (redis: Redis, keys: ReadModelKeys, auth: GatewayAuth) =>
      new LoginLockout(new RedisLoginAttempts(redis, keys.loginFailures()), auth.lockout),
    inject: [REDIS, ReadModelKeys, GatewayAuth],
  },
];
