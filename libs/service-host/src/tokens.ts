/**
 * Injection tokens for what the service host provides to every service's modules. The event
 * store is injected by its abstract class (`EventStore` from @hotswap/event-store).
 *
 *   constructor(@Inject(REDIS) private readonly redis: Redis) {}
 */
/** The frozen `HotSwapConfig` of this process. */
export const HOTSWAP_CONFIG = Symbol('HOTSWAP_CONFIG');
/** The process's `NatsConnection` (nats.js), for requests and telemetry; closed by the host. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** The process's ioredis `Redis` client; closed by the host. */
export const REDIS = Symbol('REDIS');
/** The pino `Logger` (JSON, with service and instance); use `.child({ component })`. */
export const LOGGER = Symbol('LOGGER');
/** The prom-client `Registry` served at /metrics; register the service's own metrics on it. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
