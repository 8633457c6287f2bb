import { SetMetadata } from '@nestjs/common';

/**
 * Every HTTP route says who may call it, under this metadata key: a role name (the gateway's
 * `@Allow('Viewer')`, libs/auth's roles) or `public`. A service that checks callers (the gateway's
 * access guard) refuses a route that says nothing, so forgetting to declare one fails closed.
 */
export const ROUTE_ACCESS = 'hotswap:route-access';

/**
 * A route anyone may call without credentials: health probes (an orchestrator's kubelet has no
 * token), Prometheus scrapes, the login itself.
 */
export const PublicRoute = () => SetMetadata(ROUTE_ACCESS, 'public');
