import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { INestApplication, Type, DynamicModule } from '@nestjs/common';
import type { Server } from 'node:http';
import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { queueGroup } from '@hotswap/contracts';
import { NATS_SIGNING_KEY_VARIABLE, type HotSwapConfig } from '@hotswap/config';
import { useCommandSigningKey } from '@hotswap/messaging';
import type { ServiceConnections } from './connections/service-connections.js';
import { securityHeaders } from './http/security-headers.js';
import { createMetricsRegistry } from './metrics/create-metrics-registry.js';
import { NestPinoLogger } from './logging/nest-pino-logger.js';
import { serviceRootModule } from './service-host.module.js';
import {
  CommandSignatureCheck,
  SignedCommandsServer,
} from './command-signature/command-signature-check.js';

export interface ServiceApp {
  readonly app: INestApplication<Server>;
  readonly metrics: Registry;
}

/**
 * Creates a service's Nest application over open connections and starts its NATS listener (the
 * service's queue group), ready for commands. The one wiring shared by bootstrapService (which then
 * listens on HTTP) and startInProcess (tests that host a service without HTTP). The commands the
 * process sends are signed with the configured key from here on, and those it receives checked
 * (SignedCommandsServer); without a key (development, test) neither, and it says so once.
 */
export async function startServiceApp(
  config: HotSwapConfig,
  logger: Logger,
  module: Type<unknown> | DynamicModule,
  connections: ServiceConnections,
  { nestLogs = true }: { nestLogs?: boolean } = {},
): Promise<ServiceApp> {
  useCommandSigningKey(config.natsSigningKey?.reveal());
  if (config.natsSigningKey === undefined) {
    logger.warn(
      `${NATS_SIGNING_KEY_VARIABLE} is not set: commands on NATS are neither signed nor checked (${config.mode} mode; production requires the key)`,
    );
  }
  const metrics = createMetricsRegistry(config);
  const app = await NestFactory.create<NestExpressApplication<Server>>(
    serviceRootModule({ config, logger, metrics, connections }, module),
    {
      logger: nestLogs ? new NestPinoLogger(logger.child({ component: 'nest' })) : false,
      // By default Nest aborts the process on a wiring error; let it throw so the host can say why.
      abortOnError: false,
      // Registered below with the configured limit; a larger body answers 413.
      bodyParser: false,
    },
  );
  // helmet's security headers on every answer (nosniff, no framing, HSTS, no X-Powered-By, …).
  app.use(securityHeaders());
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  const commands = app.connectMicroservice<MicroserviceOptions>({
    strategy: new SignedCommandsServer(
      {
        servers: [config.natsUrl],
        queue: queueGroup(config.service),
        name: `${config.instanceId}-commands`,
      },
      app.get(CommandSignatureCheck),
    ),
  });
  // Lifecycle hooks first, then commands: once the caller goes on (and /health/ready answers),
  // the service is initialised and listening on its queue group.
  await app.init();
  await app.startAllMicroservices();
  // startAllMicroservices resolves before the server has the listener's subscriptions: a command
  // sent right away could find no responder. A flush is a round trip behind the SUB messages.
  await commands.unwrap<NatsConnection>().flush();
  return { app, metrics };
}
