import { Module, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpApp {
  readonly url: string;
  close(): Promise<void>;
}

@Module({})
class HttpTestModule {}

/**
 * Some of the gateway's controllers and providers as a real HTTP server on a free port, for
 * integration tests that call the API as a client would (the whole process is the e2e tests' job).
 */
export async function startHttpApp(parts: {
  controllers: Type<unknown>[];
  providers: Provider[];
}): Promise<HttpApp> {
  const app = await NestFactory.create<INestApplication<Server>>(
    { module: HttpTestModule, ...parts },
    { logger: false, abortOnError: false },
  );
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** fetch with a JSON body, answering the status, the headers and the parsed body. */
export async function request(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}
