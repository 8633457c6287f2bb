import type { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Redis } from 'ioredis';
import { LoginLockout, RedisLoginAttempts } from '@hotswap/auth';
import type { Logger } from 'pino';
import { LOGGER, REDIS } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import { RateLimitGuard } from '../rate-limits/rate-limit.guard.js';
import { RateLimiter } from '../rate-limits/rate-limiter.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { AccessGuard } from './access.guard.js';
import { GatewayAuth } from './gateway-auth.js';
import { UsersDirectory } from './users-directory.js';

/**
 * The providers of authentication, given a GatewayAuth: the access guard on every route, then the
 * rate limits, the users file, and the lockout and request counters in Redis under the gateway's
 * namespace.
 */
export const authenticationProviders: Provider[] = [
  // Guards run in this order: who calls first, then what they may spend.
  { provide: APP_GUARD, useClass: AccessGuard },
  { provide: APP_GUARD, useClass: RateLimitGuard },
  {
    provide: RateLimiter,
    useFactory: (redis: Redis, keys: ReadModelKeys, options: GatewayOptions, logger: Logger) =>
      new RateLimiter(
        redis,
        keys.rateLimits(),
        options.rateLimits.windowMs,
        logger.child({ component: 'rate-limits' }),
      ),
    inject: [REDIS, ReadModelKeys, GatewayOptions, LOGGER],
  },
  UsersDirectory,
  {
    provide: LoginLockout,
    useFactory: (redis: Redis, keys: ReadModelKeys, auth: GatewayAuth) =>
      new LoginLockout(new RedisLoginAttempts(redis, keys.loginFailures()), auth.lockout),
    inject: [REDIS, ReadModelKeys, GatewayAuth],
  },
];
