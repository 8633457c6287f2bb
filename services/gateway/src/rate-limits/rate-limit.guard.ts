import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { AuthenticatedRequest } from '../authentication/access.js';
import { GatewayOptions } from '../gateway-options.js';
import { tooManyRequests } from '../http/api-errors.js';
import { RateLimiter, type RateLimitBucket } from './rate-limiter.js';

/**
 * Requests to the API (`/api/…`) count against the caller's IP address and, once the access guard
 * has found who calls, against the user: `429` with `Retry-After` when either is over its limit
 * for the window (HOTSWAP_RATE_LIMIT_PER_IP, _PER_USER, _WINDOW_MS; 0 turns one off). Answers
 * carry `RateLimit-Remaining` and `RateLimit-Reset`. Health and metrics probes are not counted.
 * Counting is in memory, shared through Redis every 100 ms (RateLimiter): if Redis does not
 * answer, each instance goes on counting on its own and a warning is logged.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest & { ip?: string; url: string }>();
    if (!request.url.startsWith('/api/')) return true;
    const { perIp, perUser } = this.options.rateLimits;
    const buckets: RateLimitBucket[] = [];
    if (perIp > 0) buckets.push({ key: `ip:${request.ip ?? 'unknown'}`, limit: perIp });
    const user = request.caller?.username;
    if (perUser > 0 && user !== undefined) buckets.push({ key: `user:${user}`, limit: perUser });
    if (buckets.length === 0) return true;

    const verdict = this.limiter.take(buckets, this.options.now().getTime());
    const response = http.getResponse<Pick<ServerResponse, 'setHeader'>>();
    if (verdict.allowed) {
      response.setHeader('RateLimit-Remaining', String(verdict.remaining));
      response.setHeader('RateLimit-Reset', String(Math.ceil(verdict.resetMs / 1000)));
      return true;
    }
    const seconds = Math.ceil(verdict.retryAfterMs / 1000);
    const [scope, who] = splitKey(verdict.bucket.key);
    response.setHeader('Retry-After', String(seconds));
    throw tooManyRequests(
      `Rate limit reached: ${verdict.bucket.limit} requests per ${this.limiter.windowMs / 1000} s for ${scope} '${who}'; try again in ${seconds} s`,
    );
  }
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at) === 'ip' ? 'IP address' : 'user', key.slice(at + 1)];
}
