import type { INestApplication, Type } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ServiceName } from '@hotswap/contracts';
import { ConfigError, loadConfig, redactUrl, type HotSwapConfig } from '@hotswap/config';
import {
  closingSteps,
  openConnections,
  type ServiceConnections,
} from './connections/service-connections.js';
import { DependencyUnavailable } from './connections/dependency-unavailable.js';
import { createLogger } from './logging/create-logger.js';
import { gracefulShutdown, onTerminationSignals } from './shutdown/graceful-shutdown.js';
import { letGoOfRedisIfAway } from './connections/open-redis.js';
import { startServiceApp } from './start-service-app.js';

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
      commandSigning: config.natsSigningKey === undefined ? 'off' : 'on',
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
    steps: [
      ['Redis, if it is away', () => letGoOfRedisIfAway(connections.redis)],
      ['HTTP server and NATS listener', () => app.close()],
      ...closingSteps(connections),
    ],
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
  const { app } = await startServiceApp(config, logger, module, connections);
  await app.listen(config.http.port, config.http.host);
  const address = app.getHttpServer().address() as AddressInfo;
  // Always logged, whatever HOTSWAP_LOG_LEVEL says: supervisors (npm start, the tests) learn the
  // port from this line.
  logger
    .child({}, { level: 'info' })
    .info({ url: `http://${config.http.host}:${address.port}`, port: address.port }, 'listening');
  return app;
}
