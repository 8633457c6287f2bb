import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testAuthSettings, testToken } from '@hotswap/testing';
import { AccessGuard } from '../src/authentication/access.guard.js';
import { GatewayAuth } from '../src/authentication/gateway-auth.js';
import { GatewayOptions } from '../src/gateway-options.js';

export interface HttpApp {
  readonly url: string;
  close(): Promise<void>;
}

@Module({})
class HttpTestModule {}

const provides = (providers: Provider[], token: unknown) =>
  providers.some((p) => p === token || (typeof p === 'object' && p.provide === token));

/**
 * Some of the gateway's controllers and providers as a real HTTP server on a free port, behind the
 * gateway's access guard with the test run's token key, for integration tests that call the API
 * as a client would (the whole process is the e2e tests' job).
 */
export async function startHttpApp(parts: {
  controllers: Type<unknown>[];
  providers: Provider[];
  /** Global guards after the access guard (the rate limits). */
  guards?: Type<unknown>[];
}): Promise<HttpApp> {
  const providers: Provider[] = [
    ...parts.providers,
    { provide: APP_GUARD, useClass: AccessGuard },
    ...(parts.guards ?? []).map((guard) => ({ provide: APP_GUARD, useClass: guard })),
    ...(provides(parts.providers, GatewayAuth)
      ? []
      : [{ provide: GatewayAuth, useValue: new GatewayAuth(testAuthSettings(), '/nonexistent') }]),
    ...(provides(parts.providers, GatewayOptions)
      ? []
      : [{ provide: GatewayOptions, useValue: new GatewayOptions() }]),
  ];
  const app = await NestFactory.create<INestApplication<Server>>(
    { module: HttpTestModule, controllers: parts.controllers, providers },
    { logger: false, abortOnError: false },
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/**
 * fetch with a JSON body, answering the status, the headers and the parsed body. It sends the
 * test admin's token unless `headers` has an `authorization` of its own ('' to send none).
 */
export async function request(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const { authorization = `Bearer ${testToken('admin')}`, ...rest } = headers;
  const sent = { ...(authorization === '' ? {} : { authorization }), ...rest };
  const response = await fetch(url, {
    method,
    headers: body === undefined ? sent : { 'content-type': 'application/json', ...sent },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}
