import { hostname as osHostname } from 'node:os';
import { serviceDefinition, type ServiceName } from '@hotswap/contracts';
import { ConfigError } from './config-error.js';
import { deepFreeze } from './deep-freeze.js';
import {
  EVENT_STORE_KINDS,
  HOTSWAP_MODES,
  LOG_LEVELS,
  type EventStoreConfig,
  type HotSwapConfig,
  type HotSwapMode,
} from './hotswap-config.js';
import { InvalidVariable } from './invalid-variable.js';
import { readNatsSigningKey } from './nats-signing-key.js';
import { readWebhookSecretKey } from './webhook-secret-key.js';
import { readEnum, readInt, readPort, readString, readUrl, type Environment } from './readers.js';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/**
 * Redis answers in well under a millisecond (DESIGN.md §9): a command that takes two seconds is one
 * that will not come back in time for a lease (5 s) to be renewed before it runs out.
 */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;
export const DEFAULT_JETSTREAM_STREAM = 'HOTSWAP_EVENTS';
export const DEFAULT_JETSTREAM_SUBJECT_PREFIX = 'hotswap.es';
/** JSON request bodies above this get 413 (a deployment request is well under 1 KiB). */
export const DEFAULT_HTTP_BODY_LIMIT_BYTES = 256 * 1024;

export interface ConfigSource {
  readonly env?: Environment;
  /** For the default instance id; the machine's by default. */
  readonly hostname?: string;
  readonly pid?: number;
}

/**
 * The mode a process runs in: HOTSWAP_MODE; when that is unset, NODE_ENV=production (set by the
 * container image) means production, anything else development. Throws InvalidVariable for an
 * unknown HOTSWAP_MODE. For a service's own secrets, which production requires too.
 */
export function readMode(env: Environment): HotSwapMode {
  const nodeEnvProduction = env['NODE_ENV']?.trim() === 'production';
  return readEnum(env, 'HOTSWAP_MODE', HOTSWAP_MODES, {
    default: nodeEnvProduction ? 'production' : 'development',
  });
}

/**
 * Reads and validates the configuration of `service` once, at start-up. Throws a `ConfigError`
 * naming every invalid variable. Production has no defaults for where the servers are and no
 * optional secrets: a production process that would silently talk to localhost, or accept
 * unsigned commands, is worse than one that does not start. The mode is HOTSWAP_MODE; when that
 * is unset, NODE_ENV=production (set by the container image) means production too.
 */
export function loadConfig(service: ServiceName, source: ConfigSource = {}): HotSwapConfig {
  const env = source.env ?? process.env;
  const problems: InvalidVariable[] = [];
  function read<T>(reader: () => T): T | undefined {
    try {
      return reader();
    } catch (error) {
      if (!(error instanceof InvalidVariable)) throw error;
      problems.push(error);
      return undefined;
    }
  }

  const mode = read(() => readMode(env));
  // Why production rules apply, for the messages of the variables they make required.
  const production =
    mode !== 'production'
      ? undefined
      : env['HOTSWAP_MODE']?.trim()
        ? 'HOTSWAP_MODE is production'
        : 'NODE_ENV is production and HOTSWAP_MODE is unset';
  const natsUrl = read(() =>
    readUrl(env, 'NATS_URL', {
      protocols: ['nats:', 'tls:'],
      ...serverDefault(production, DEFAULT_NATS_URL),
    }),
  );
  const redisUrl = read(() =>
    readUrl(env, 'REDIS_URL', {
      protocols: ['redis:', 'rediss:'],
      ...serverDefault(production, DEFAULT_REDIS_URL),
    }),
  );
  const redisCommandTimeoutMs = read(() =>
    readInt(env, 'HOTSWAP_REDIS_COMMAND_TIMEOUT_MS', {
      default: DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
      min: 10,
      max: 60_000,
    }),
  );
  const natsSigningKey = read(() =>
    readNatsSigningKey(env, {
      ...(production && { requiredBecause: `${production}: commands on NATS must be signed` }),
    }),
  );
  const webhookSecretKey =
    service === 'gateway'
      ? read(() =>
          readWebhookSecretKey(env, {
            ...(production && {
              requiredBecause: `${production}: webhook secrets are stored encrypted`,
            }),
          }),
        )
      : undefined;
  const eventStore = read(() => readEventStore(env));
  const { portVariable, defaultPort } = serviceDefinition(service);
  const host = read(() =>
    readString(env, 'HOTSWAP_HOST', {
      default: '127.0.0.1',
      pattern: /^[A-Za-z0-9.:-]+$/,
      expected: 'an IP address or host name to bind to (0.0.0.0 for every interface)',
    }),
  );
  const port = read(() => readPort(env, portVariable, { default: defaultPort }));
  const logLevel = read(() => readEnum(env, 'HOTSWAP_LOG_LEVEL', LOG_LEVELS, { default: 'info' }));
  const instanceId = read(() =>
    readString(env, 'HOTSWAP_INSTANCE_ID', {
      default: `${service}-${source.hostname ?? osHostname()}-${source.pid ?? process.pid}`,
      pattern: /^[A-Za-z0-9._-]{1,128}$/,
      expected: "up to 128 letters, digits, '.', '-' and '_'",
    }),
  );
  const shutdownTimeoutMs = read(() =>
    readInt(env, 'HOTSWAP_SHUTDOWN_TIMEOUT_MS', { default: 10_000, min: 100, max: 600_000 }),
  );
  const bodyLimitBytes = read(() =>
    readInt(env, 'HOTSWAP_HTTP_BODY_LIMIT_BYTES', {
      default: DEFAULT_HTTP_BODY_LIMIT_BYTES,
      min: 1_024,
      max: 64 * 1024 * 1024,
    }),
  );

  if (
    problems.length > 0 ||
    mode === undefined ||
    natsUrl === undefined ||
    redisUrl === undefined ||
    redisCommandTimeoutMs === undefined ||
    eventStore === undefined ||
    host === undefined ||
    port === undefined ||
    logLevel === undefined ||
    instanceId === undefined ||
    shutdownTimeoutMs === undefined ||
    bodyLimitBytes === undefined
  ) {
    throw new ConfigError(service, problems);
  }
  return deepFreeze({
    service,
    mode,
    instanceId,
    natsUrl,
    redisUrl,
    redisCommandTimeoutMs,
    eventStore,
    http: { host, port, portVariable, bodyLimitBytes },
    logLevel,
    shutdownTimeoutMs,
    natsSigningKey,
    ...(webhookSecretKey !== undefined && { webhookSecretKey }),
  });
}

/** `production`: why production rules apply, or undefined when they do not. */
function serverDefault(
  production: string | undefined,
  url: string,
): { default: string } | { requiredBecause: string } {
  return production !== undefined
    ? { requiredBecause: `${production}, which has no default` }
    : { default: url };
}

function readEventStore(env: Environment): EventStoreConfig {
  const kind = readEnum(env, 'HOTSWAP_EVENT_STORE', EVENT_STORE_KINDS, { default: 'jetstream' });
  switch (kind) {
    case 'jetstream':
      return {
        kind,
        streamName: readString(env, 'HOTSWAP_JETSTREAM_STREAM', {
          default: DEFAULT_JETSTREAM_STREAM,
          pattern: /^[A-Za-z0-9_-]{1,64}$/,
          expected: "a JetStream stream name: up to 64 letters, digits, '-' and '_'",
        }),
        subjectPrefix: readString(env, 'HOTSWAP_JETSTREAM_SUBJECT_PREFIX', {
          default: DEFAULT_JETSTREAM_SUBJECT_PREFIX,
          pattern: /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
          expected: "NATS subject tokens without wildcards, separated by '.' (hotswap.es)",
        }),
      };
    case 'eventstoredb':
      return {
        kind,
        connectionString: readString(env, 'EVENTSTORE_CONNECTION_STRING', {
          pattern: /^esdb(\+discover)?:\/\/\S+$/,
          expected:
            'an EventStoreDB connection string (esdb://host:2113?tls=false or esdb+discover://…)',
          requiredBecause: 'HOTSWAP_EVENT_STORE is eventstoredb',
          secret: true,
        }),
      };
  }
}
