import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role, TokenUser } from '@hotswap/auth';
import { ROUTE_ACCESS } from '@hotswap/service-host';

/**
 * The weakest role that may call a route (roles include the weaker ones: an Admin may do what a
 * Deployer may). Every route of the gateway says `@Allow(role)` or `@PublicRoute()`; the access
 * guard refuses one that says neither.
 */
export const Allow = (role: Role) => SetMetadata(ROUTE_ACCESS, role);

/** Who calls: the user of the verified token, set on the request by the access guard. */
export interface Caller extends TokenUser {
  readonly expiresAt: Date;
}

/** A request the access guard let through carries its caller. */
export interface AuthenticatedRequest {
  caller?: Caller;
}

/** The route's caller (only on routes with `@Allow`, where the guard has verified one). */
export const CallerOf = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (caller === undefined) throw new Error('No caller on the request: is the route @Allow-ed?');
  return caller;
});
