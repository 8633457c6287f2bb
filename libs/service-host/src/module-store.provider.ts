import type { FactoryProvider } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { moduleBucketOf, type HotSwapConfig } from '@hotswap/config';
import { ModuleStore } from '@hotswap/messaging';
import { HOTSWAP_CONFIG, NATS_CONNECTION } from './tokens.js';

/**
 * Injection token of the process's ModuleStore: module binaries in the JetStream object store
 * bucket beside its event stream. The gateway puts uploads there; the orchestrator's SecurityScan
 * and the node-agents read them back. Add `moduleStoreProvider` to a module that needs it.
 */
export const MODULE_STORE = Symbol('MODULE_STORE');

export const moduleStoreProvider: FactoryProvider<Promise<ModuleStore>> = {
  provide: MODULE_STORE,
  inject: [NATS_CONNECTION, HOTSWAP_CONFIG],
  useFactory: (nc: NatsConnection, config: HotSwapConfig) =>
    ModuleStore.open(nc, moduleBucketOf(config)),
};
