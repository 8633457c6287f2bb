import type { FactoryProvider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import { EventStore } from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import type { ProjectionResources } from './leased-projection.js';
import { ReadModelKeys } from './read-model-keys.js';

/** Injection token of the `ProjectionResources` every projection of this process runs with. */
export const PROJECTION_RESOURCES = Symbol('PROJECTION_RESOURCES');

export const projectionResourcesProvider: FactoryProvider<ProjectionResources> = {
  provide: PROJECTION_RESOURCES,
  inject: [EventStore, REDIS, ReadModelKeys, HOTSWAP_CONFIG, LOGGER, GatewayOptions],
  useFactory: (
    eventStore: EventStore,
    redis: Redis,
    keys: ReadModelKeys,
    config: HotSwapConfig,
    logger: Logger,
    options: GatewayOptions,
  ) => ({
    eventStore,
    redis,
    keys,
    owner: config.instanceId,
    logger: logger.child({ component: 'projections' }),
    leaseTtlMs: options.leaseTtlMs,
    retryMs: options.projectionRetryMs,
  }),
};
