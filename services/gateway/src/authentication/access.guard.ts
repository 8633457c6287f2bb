import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ServerResponse } from 'node:http';
import {
  isRole,
  rolesAllow,
  verifyToken,
  type TokenRefusal,
  type TokenVerification,
} from '@hotswap/auth';
import { ROUTE_ACCESS } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import { forbidden, unauthorized } from '../http/api-errors.js';
import type { AuthenticatedRequest } from './access.js';
import { GatewayAuth } from './gateway-auth.js';

/** Verified tokens remembered at most (forgotten all at once beyond: a bound, not a cache policy). */
const VERIFIED_TOKENS_KEPT = 10_000;

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i;

const REFUSALS: Record<TokenRefusal, string> = {
  malformed: 'the token is not a JWT',
  'algorithm-not-allowed': 'the token is not signed with the algorithm this gateway accepts',
  'bad-signature': 'the token’s signature does not verify',
  expired: 'the token has expired: log in again',
  'not-yet-valid': 'the token is not valid yet',
  'wrong-issuer': 'the token was issued by someone else',
  'wrong-audience': 'the token is for another audience',
  'bad-claims': 'the token does not name a user and roles',
};

/**
 * The gateway's one door (a global guard): a route declared public passes; any other needs
 * `Authorization: Bearer <token>` that verifies (401 otherwise, with WWW-Authenticate) and a
 * role at least the route's (403). A route that declares nothing is refused (403), so a
 * forgotten declaration fails closed; a test checks every route declares one.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly verified = new Map<string, Extract<TokenVerification, { ok: true }>>();

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(GatewayAuth) private readonly auth: GatewayAuth,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // NATS handlers are checked by their transport (signed commands, service-host).
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<string | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (access === 'public') return true;
    const http = context.switchToHttp();
    if (!isRole(access)) {
      throw forbidden('This route declares no role, so nobody may call it (a bug: report it)');
    }
    const request = http.getRequest<AuthenticatedRequest & { headers: Record<string, unknown> }>();
    const response = http.getResponse<Pick<ServerResponse, 'setHeader'>>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="hotswap"');
      throw unauthorized(
        'Authentication required: send Authorization: Bearer <token> (POST /api/v1/authentication/login gives one)',
      );
    }
    const verified = this.verify(match[1]!, this.options.now());
    if (!verified.ok) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="hotswap", error="invalid_token"');
      throw unauthorized(`Invalid token: ${REFUSALS[verified.reason]}`);
    }
    const { user, expiresAt } = verified;
    if (!rolesAllow(user.roles, access)) {
      throw forbidden(
        `This needs the ${access} role; ${user.username} has ${user.roles.join(', ') || 'none'}`,
      );
    }
    request.caller = { ...user, expiresAt };
    return true;
  }

  /**
   * verifyToken, remembering the tokens that verified: a client sends the same token with every
   * request, and checking its signature again each time cost a tenth of the gateway's CPU under
   * load. A remembered token is still refused once it expires.
   */
  private verify(token: string, now: Date): TokenVerification {
    const known = this.verified.get(token);
    const tolerance = this.auth.settings.clockToleranceSeconds * 1000;
    if (known !== undefined && now.getTime() < known.expiresAt.getTime() + tolerance) return known;
    const verification = verifyToken(token, this.auth.settings, now);
    if (verification.ok) {
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.clear();
      this.verified.set(token, verification);
    }
    return verification;
  }
}
