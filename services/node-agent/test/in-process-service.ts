import 'reflect-metadata';
import path from 'node:path';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import type { Registry } from 'prom-client';
import { loadConfig, type HotSwapConfig } from '@hotswap/config';
import { queueGroup, serviceDefinition, type ServiceName } from '@hotswap/contracts';
import {
  closingSteps,
  createLogger,
  createMetricsRegistry,
  openConnections,
  serviceRootModule,
  type ServiceConnections,
} from '@hotswap/service-host';
import { startNats, testInfrastructure, uniqueName, type LocalServer } from '@hotswap/testing';

/**
 * A service's modules running inside the test process, wired the way bootstrapService wires them
 * (host module, connections, NATS listener in the service's queue group), without HTTP.
 */
export interface InProcessService {
  readonly config: HotSwapConfig;
  readonly connections: ServiceConnections;
  readonly metrics: Registry;
  readonly app: INestApplication;
  close(): Promise<void>;
}

export async function startInProcess(
  name: ServiceName,
  serviceModule: DynamicModule,
  env: Record<string, string>,
): Promise<InProcessService> {
  const config = loadConfig(name, {
    env: {
      HOTSWAP_MODE: 'test',
      HOTSWAP_LOG_LEVEL: 'error',
      [serviceDefinition(name).portVariable]: '0',
      HOTSWAP_INSTANCE_ID: uniqueName(name),
      ...env,
    },
  });
  const logger = createLogger(config);
  const metrics = createMetricsRegistry(config);
  const connections = await openConnections(config, logger);
  @Module({ imports: [serviceModule] })
  class TestServiceModule {}
  const app = await NestFactory.create(
    serviceRootModule({ config, logger, metrics, connections }, TestServiceModule),
    { logger: false },
  );
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: { servers: [config.natsUrl], queue: queueGroup(name) },
    },
    { inheritAppConfig: true },
  );
  await app.init();
  await app.startAllMicroservices();
  // Nest resolves once its NATS connection is open; its subscriptions reach the server with the
  // next flush. Without this, a command sent at once may find no responder.
  for (const microservice of app.getMicroservices()) {
    await microservice.unwrap<NatsConnection>().flush();
  }
  return {
    config,
    connections,
    metrics,
    app,
    async close() {
      await app.close();
      for (const [, close] of closingSteps(connections)) await close();
    },
  };
}

/**
 * A nats-server of the test file's own. Services listen on fixed command subjects (`hotswap.node.*`,
 * `hotswap.cmd.*`): on the run's shared server, another test's services in the same queue group
 * would answer this file's commands. Redis stays shared (keys are unique per test).
 */
export async function privateNats(): Promise<LocalServer> {
  return startNats({ dataDir: path.join(testInfrastructure().tmpDir, uniqueName('nats')) });
}

/** Variables that point a service at the private NATS, the shared Redis and its own event stream. */
export function testEnvironment(natsUrl: string): Record<string, string> {
  const stream = uniqueName('es');
  return {
    NATS_URL: natsUrl,
    REDIS_URL: testInfrastructure().redisUrl,
    HOTSWAP_JETSTREAM_STREAM: stream.toUpperCase(),
    HOTSWAP_JETSTREAM_SUBJECT_PREFIX: `${stream}.es`,
  };
}
