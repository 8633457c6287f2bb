/**
 * Issue 5's authorization matrix: every route of the gateway, as the running app has them, ×
 * { no token, bad signature, expired, wrong audience, wrong issuer, `alg: none`, another
 * algorithm, each role } → the expected status. A route added without a line here fails the
 * first test, so the matrix cannot fall behind the API.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { sign } from 'jsonwebtoken';
import { issueToken, ROLES, type Role } from '@hotswap/auth';
import { Secret } from '@hotswap/config';
import {
  HealthController,
  MetricsController,
  ROUTE_ACCESS,
  startInProcess,
  type InProcessService,
} from '@hotswap/service-host';
import {
  privateNats,
  testAuthSettings,
  testEnvironment,
  testJwtSecret,
  testToken,
  type TestUsername,
} from '@hotswap/testing';
import { AppModule } from '../app.module.js';

type Access = 'public' | Role;

/** Each route, the access it declares, and a concrete URL for it (ids nobody has). */
const MATRIX: Record<string, { access: Access; url: string }> = {
  'POST /api/v1/authentication/login': { access: 'public', url: '/api/v1/authentication/login' },
  'GET /api/v1/authentication/me': { access: 'Viewer', url: '/api/v1/authentication/me' },
  'POST /api/v1/deployments': { access: 'Deployer', url: '/api/v1/deployments' },
  'GET /api/v1/deployments': { access: 'Viewer', url: '/api/v1/deployments' },
  'GET /api/v1/deployments/:executionId': {
    access: 'Viewer',
    url: `/api/v1/deployments/${randomUUID()}`,
  },
  'POST /api/v1/deployments/:executionId/:action': {
    access: 'Deployer',
    url: `/api/v1/deployments/${randomUUID()}/pause`,
  },
  'GET /api/v1/clusters': { access: 'Viewer', url: '/api/v1/clusters' },
  'GET /api/v1/clusters/:environment': { access: 'Viewer', url: '/api/v1/clusters/QA' },
  'GET /api/v1/clusters/:environment/metrics': {
    access: 'Viewer',
    url: '/api/v1/clusters/QA/metrics',
  },
  'POST /api/v1/chaos/faults': { access: 'Admin', url: '/api/v1/chaos/faults' },
  'GET /api/v1/chaos/faults': { access: 'Viewer', url: '/api/v1/chaos/faults' },
  'GET /api/v1/chaos/faults/:faultId': {
    access: 'Viewer',
    url: `/api/v1/chaos/faults/${randomUUID()}`,
  },
  'DELETE /api/v1/chaos/faults/:faultId': {
    access: 'Admin',
    url: `/api/v1/chaos/faults/${randomUUID()}`,
  },
  'GET /api/v1/approvals/pending': { access: 'Admin', url: '/api/v1/approvals/pending' },
  'GET /api/v1/approvals/deployments/:executionId': {
    access: 'Admin',
    url: `/api/v1/approvals/deployments/${randomUUID()}`,
  },
  'POST /api/v1/approvals/deployments/:executionId/:decision': {
    access: 'Admin',
    url: `/api/v1/approvals/deployments/${randomUUID()}/approve`,
  },
  'GET /api/v1/audit': { access: 'Admin', url: '/api/v1/audit' },
  'GET /api/v1/events/stream': { access: 'Viewer', url: '/api/v1/events/stream' },
  'POST /api/v1/webhooks': { access: 'Admin', url: '/api/v1/webhooks' },
  'GET /api/v1/webhooks': { access: 'Admin', url: '/api/v1/webhooks' },
  'DELETE /api/v1/webhooks/:id': { access: 'Admin', url: `/api/v1/webhooks/${randomUUID()}` },
  'POST /api/v1/webhooks/:id/pause': {
    access: 'Admin',
    url: `/api/v1/webhooks/${randomUUID()}/pause`,
  },
  'POST /api/v1/webhooks/:id/resume': {
    access: 'Admin',
    url: `/api/v1/webhooks/${randomUUID()}/resume`,
  },
  'GET /api/v1/webhooks/:id/deliveries': {
    access: 'Admin',
    url: `/api/v1/webhooks/${randomUUID()}/deliveries`,
  },
  'POST /api/v1/webhooks/:id/deliveries/:eventId/redeliver': {
    access: 'Admin',
    url: `/api/v1/webhooks/${randomUUID()}/deliveries/1/redeliver`,
  },
  'GET /api/v1/deployments/:executionId/events': {
    access: 'Viewer',
    url: `/api/v1/deployments/${randomUUID()}/events`,
  },
  'POST /api/v1/modules': { access: 'Admin', url: '/api/v1/modules' },
  'GET /api/v1/modules': { access: 'Viewer', url: '/api/v1/modules' },
  'GET /api/v1/modules/:name/:version': { access: 'Viewer', url: '/api/v1/modules/none/1.0.0' },
  'GET /api/v1/projections': { access: 'Admin', url: '/api/v1/projections' },
  'GET /api/v1/projections/:name': { access: 'Admin', url: '/api/v1/projections/none' },
  'POST /api/v1/projections/:name/rebuild': {
    access: 'Admin',
    url: '/api/v1/projections/none/rebuild',
  },
  'GET /api/v1/projections/:name/rebuild': {
    access: 'Admin',
    url: '/api/v1/projections/none/rebuild',
  },
  'GET /health/live': { access: 'public', url: '/health/live' },
  'GET /health/ready': { access: 'public', url: '/health/ready' },
  'GET /metrics': { access: 'public', url: '/metrics' },
};

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const ADMIN = { username: 'mallory', roles: ['Admin'] as Role[] };

/** Tokens that must be refused (401) whatever the route asks, each with why. */
function refusedTokens(): Record<string, string | undefined> {
  const settings = testAuthSettings();
  const now = new Date();
  const claims = { sub: 'mallory', roles: ['Admin'], iat: seconds(now), exp: seconds(now) + 600 };
  const audience = { iss: settings.issuer, aud: settings.audience };
  return {
    'no token': undefined,
    'a bad signature': issueToken(
      ADMIN,
      testAuthSettings({ secret: new Secret(randomBytes(32).toString('hex')) }),
      now,
    ).token,
    'an expired token': testToken('admin', new Date(now.getTime() - 2 * 3_600_000)),
    'a wrong audience': issueToken(ADMIN, testAuthSettings({ audience: 'another-api' }), now).token,
    'a wrong issuer': issueToken(ADMIN, testAuthSettings({ issuer: 'someone-else' }), now).token,
    'alg: none': `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, ...audience })}.`,
    'another algorithm (HS512)': sign(
      { ...claims, ...audience },
      Buffer.from(testJwtSecret(), 'hex'),
      {
        algorithm: 'HS512',
      },
    ),
  };
}

const ROLE_USERS: Record<Role, TestUsername> = {
  Viewer: 'viewer',
  Deployer: 'deployer',
  Admin: 'admin',
};

/** `METHOD /path` of every route the app's controllers declare, with the access each declares. */
function declaredRoutes(): Map<string, unknown> {
  const controllers = [
    ...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, AppModule) as Type<unknown>[]),
    HealthController,
    MetricsController,
  ];
  const routes = new Map<string, unknown>();
  for (const controller of controllers) {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, controller));
    const prototype = controller.prototype as object;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      // The descriptor's value, so getters are not run.
      const handler = Object.getOwnPropertyDescriptor(prototype, name)?.value as unknown;
      if (typeof handler !== 'function' || name === 'constructor') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const path = String(Reflect.getMetadata(PATH_METADATA, handler));
      const url = `/${[prefix, path].filter((p) => p !== '/' && p !== '').join('/')}`;
      const access =
        (Reflect.getMetadata(ROUTE_ACCESS, handler) as unknown) ??
        (Reflect.getMetadata(ROUTE_ACCESS, controller) as unknown);
      routes.set(`${RequestMethod[method]} ${url}`, access);
    }
  }
  return routes;
}

describe('the authorization matrix', () => {
  let gateway: InProcessService;
  let url: string;
  let stopNats: () => Promise<void>;

  beforeAll(async () => {
    const nats = await privateNats();
    stopNats = () => nats.stop();
    gateway = await startInProcess('gateway', { module: AppModule }, testEnvironment(nats.url));
    const app = gateway.app as INestApplication<Server>;
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    await stopNats?.();
  });

  it('covers every route of the gateway, each declaring the access the matrix expects', () => {
    const declared = declaredRoutes();
    expect([...declared.keys()].sort()).toEqual(Object.keys(MATRIX).sort());
    for (const [route, { access }] of Object.entries(MATRIX)) {
      expect([route, declared.get(route)]).toEqual([route, access]);
    }
  });

  const call = async (route: string, token: string | undefined) => {
    const [method] = route.split(' ');
    // The status is all that counts; the body is not read (the event stream never ends).
    const aborted = new AbortController();
    const response = await fetch(`${url}${MATRIX[route]!.url}`, {
      signal: aborted.signal,
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
      },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    aborted.abort();
    return response.status;
  };

  const routes = Object.entries(MATRIX);
  const protectedRoutes = routes.filter(([, { access }]) => access !== 'public').map(([r]) => r);
  const publicRoutes = routes.filter(([, { access }]) => access === 'public').map(([r]) => r);

  it.each(protectedRoutes)('%s: 401 for every token that is not valid', async (route) => {
    for (const [why, token] of Object.entries(refusedTokens())) {
      expect([why, await call(route, token)]).toEqual([why, 401]);
    }
  });

  it.each(protectedRoutes)('%s: 403 below its role, let through at it and above', async (route) => {
    const required = MATRIX[route]!.access as Role;
    for (const role of ROLES) {
      const status = await call(route, testToken(ROLE_USERS[role]));
      if (ROLES.indexOf(role) < ROLES.indexOf(required)) {
        expect([role, status]).toEqual([role, 403]);
      } else {
        // Through the door: what the route answers then (200, 400 for the empty body, 404 for
        // an id nobody has, 503 without the service behind it) is not a refusal.
        expect([role, [401, 403].includes(status)]).toEqual([role, false]);
      }
    }
  });

  it.each(publicRoutes)('%s: open to anyone, with or without a token', async (route) => {
    for (const token of [undefined, ...Object.values(refusedTokens()), testToken('viewer')]) {
      expect([401, 403]).not.toContain(await call(route, token));
    }
  });
});
