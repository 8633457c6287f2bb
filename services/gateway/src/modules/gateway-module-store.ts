import type { FactoryProvider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { moduleBucketOf, type HotSwapConfig } from '@hotswap/config';
import { ModuleStore } from '@hotswap/messaging';
import { HOTSWAP_CONFIG, NATS_CONNECTION } from '@hotswap/service-host';

/** Injection token of the gateway's ModuleStore (uploads go there). */
export const GATEWAY_MODULE_STORE = Symbol('GATEWAY_MODULE_STORE');

export const gatewayModuleStoreProvider: FactoryProvider<Promise<ModuleStore>> = {
  provide: GATEWAY_MODULE_STORE,
  inject: [NATS_CONNECTION, HOTSWAP_CONFIG],
  useFactory: (nc: NatsConnection, config: HotSwapConfig) =>
    ModuleStore.open(nc, moduleBucketOf(config)),
};
