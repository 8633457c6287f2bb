import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HotSwapConfig } from '@hotswap/config';
import { EventStore } from '@hotswap/event-store';
import { CommandSignatureCheck } from './command-signature/command-signature-check.js';
import type { ServiceConnections } from './connections/service-connections.js';
import { HealthController, READINESS_PROBES } from './health/health.controller.js';
import { readinessProbes } from './health/readiness-probes.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { HOTSWAP_CONFIG, LOGGER, METRICS_REGISTRY, NATS_CONNECTION, REDIS } from './tokens.js';

/** What the host made before Nest starts, handed to every module through DI. */
export interface HostResources {
  readonly config: HotSwapConfig;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly connections: ServiceConnections;
}

/**
 * Global module of the host: provides the config, connections, logger and metrics registry to
 * every module of the service, serves /health and /metrics, and checks the signature of every
 * command the service's NATS handlers receive (CommandSignatureCheck, in the NATS listener).
 */
@Module({})
export class ServiceHostModule {
  static forRoot(resources: HostResources): DynamicModule {
    const providers = [
      { provide: HOTSWAP_CONFIG, useValue: resources.config },
      { provide: LOGGER, useValue: resources.logger },
      { provide: METRICS_REGISTRY, useValue: resources.metrics },
      { provide: NATS_CONNECTION, useValue: resources.connections.nats },
      { provide: REDIS, useValue: resources.connections.redis },
      { provide: EventStore, useValue: resources.connections.eventStore },
    ];
    return {
      module: ServiceHostModule,
      global: true,
      controllers: [HealthController, MetricsController],
      providers: [
        ...providers,
        { provide: READINESS_PROBES, useValue: readinessProbes(resources.connections) },
        // Used by the NATS listener (SignedCommandsServer, startServiceApp); HTTP does not see it.
        CommandSignatureCheck,
      ],
      exports: providers.map((provider) => provider.provide),
    };
  }
}

@Module({})
class ServiceRootModule {}

/** The root module of a service process: the host's module beside the service's own. */
export function serviceRootModule(
  resources: HostResources,
  serviceModule: Type<unknown> | DynamicModule,
): DynamicModule {
  return {
    module: ServiceRootModule,
    imports: [ServiceHostModule.forRoot(resources), serviceModule],
  };
}
