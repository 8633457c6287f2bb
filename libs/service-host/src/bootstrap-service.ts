import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { INestApplication, Type } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { NatsConnection } from 'nats';
import { queueGroup, type ServiceName } from '@hotswap/contracts';
import { ConfigError, loadConfig, redactUrl, type HotSwapConfig } from '@hotswap/config';
import {
  closingSteps,
  openConnections,
  type ServiceConnections,
} from './connections/service-connections.js';
import { DependencyUnavailable } from './connections/dependency-unavailable.js';
import { createLogger } from './logging/create-logger.js';
import { NestPinoLogger } from './logging/nest-pino-logger.js';
import { createMetricsRegistry } from './metrics/create-metrics-registry.js';
import { serviceRootModule } from './service-host.module.js';
import { gracefulShutdown, onTerminationSignals } from './shutdown/graceful-shutdown.js';

export interface ServiceDefinition {
  readonly name: ServiceName;
  /** The service's app module; it can inject what the host provides (see tokens.ts). */
  readonly module: Type<unknown>;
}

/**
 * Makes a HotSwap service a process: reads the configuration, opens NATS, Redis and the event
 * store, starts NestJS as HTTP server plus NATS microservice (the service's queue group), and
 * stops all of it cleanly on SIGTERM/SIGINT. A process that cannot start exits with code 1 and
 * says why: a configuration error as plain text on stderr, anything later as a fatal log line.
 */
export async function bootstrapService({ name, module }: ServiceDefinition): Promise<void> {
  let config: HotSwapConfig;
  try {
    config = loadConfig(name);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return;
  }

  const logger = createLogger(config);
  logger.info(
    {
      mode: config.mode,
      nats: redactUrl(config.natsUrl),
      redis: redactUrl(config.redisUrl),
      eventStore:
        config.eventStore.kind === 'jetstream'
          ? config.eventStore
          : { kind: config.eventStore.kind },
    },
    'starting',
  );

  let connections: ServiceConnections | undefined;
  let app: INestApplication<Server>;
  try {
    connections = await openConnections(config, logger);
    app = await startApplication(config, logger, module, connections);
  } catch (error) {
    if (error instanceof DependencyUnavailable) {
      logger.fatal(`cannot start: ${error.message}`);
    } else {
      logger.fatal(
        { err: error },
        `cannot start: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    for (const [, close] of connections ? closingSteps(connections) : []) {
      await close().catch(() => undefined);
    }
    process.exit(1);
  }

  const shutdown = gracefulShutdown({
    steps: [['HTTP server and NATS listener', () => app.close()], ...closingSteps(connections)],
    timeoutMs: config.shutdownTimeoutMs,
    logger,
    exit: (code) => process.exit(code),
  });
  onTerminationSignals(shutdown);
}

async function startApplication(
  config: HotSwapConfig,
  logger: Logger,
  module: Type<unknown>,
  connections: ServiceConnections,
): Promise<INestApplication<Server>> {
  const metrics = createMetricsRegistry(config);
  const app = await NestFactory.create<INestApplication<Server>>(
    serviceRootModule({ config, logger, metrics, connections }, module),
    {
      logger: new NestPinoLogger(logger.child({ component: 'nest' })),
      // By default Nest aborts the process on a wiring error; let it throw so the host can say why.
      abortOnError: false,
    },
  );
  const commands = app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: {
        servers: [config.natsUrl],
        queue: queueGroup(config.service),
        name: `${config.instanceId}-commands`,
      },
    },
    { inheritAppConfig: true },
  );
  // Lifecycle hooks first, then commands, then HTTP: once /health/ready answers, the service is
  // initialised and listening on its queue group.
  await app.init();
  await app.startAllMicroservices();
  // startAllMicroservices resolves before the server has the listener's subscriptions: a
  // command sent right after /health/ready answers could find no responder. A flush is a round
  // trip behind the SUB messages.
  await commands.unwrap<NatsConnection>().flush();
  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address() as AddressInfo;
  // Always logged, whatever HOTSWAP_LOG_LEVEL says: supervisors (npm start, the tests) learn the
  // port from this line.
  logger.child({}, { level: 'info' }).info(
    { url: `http://${config.http.host}:${address.port}`, port: address.port },
    'listening',
  );
  return app;
}
