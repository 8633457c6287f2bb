import { randomUUID } from 'node:crypto';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { Registry } from 'prom-client';
import { loadConfig, NATS_SIGNING_KEY_VARIABLE, type HotSwapConfig } from '@hotswap/config';
import { serviceDefinition, type ServiceName } from '@hotswap/contracts';
import {
  closingSteps,
  openConnections,
  type ServiceConnections,
} from './connections/service-connections.js';
import { createLogger } from './logging/create-logger.js';
import { startServiceApp } from './start-service-app.js';

/**
 * A service's modules running inside the calling process (for integration tests), wired the way
 * bootstrapService wires them (host module, connections, NATS listener in the service's queue
 * group, command signatures), without HTTP. Unless `env` says otherwise it has the process's
 * HOTSWAP_NATS_SIGNING_KEY: it shares the process, and so the key sendCommand signs with, with
 * the test that started it (and with any other service the test hosts).
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
  /** `logDestination`: where the service's log lines go instead of stdout (to assert on them). */
  { logDestination }: { readonly logDestination?: DestinationStream } = {},
): Promise<InProcessService> {
  const config = loadConfig(name, {
    env: {
      HOTSWAP_MODE: 'test',
      HOTSWAP_LOG_LEVEL: 'error',
      [serviceDefinition(name).portVariable]: '0',
      HOTSWAP_INSTANCE_ID: `${name}-${randomUUID()}`,
      [NATS_SIGNING_KEY_VARIABLE]: process.env[NATS_SIGNING_KEY_VARIABLE] ?? '',
      ...env,
    },
  });
  const logger = createLogger(config, logDestination);
  const connections = await openConnections(config, logger);
  const { app, metrics } = await startServiceApp(config, logger, serviceModule, connections, {
    nestLogs: false,
  });
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
