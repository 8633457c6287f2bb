import { collectDefaultMetrics, Registry } from 'prom-client';
import type { HotSwapConfig } from '@hotswap/config';

/**
 * One registry per process (not prom-client's global one), with the process's default metrics and
 * every series labelled with the service and instance it comes from.
 */
export function createMetricsRegistry(config: HotSwapConfig): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: config.service, instance: config.instanceId });
  collectDefaultMetrics({ register: registry });
  return registry;
}
