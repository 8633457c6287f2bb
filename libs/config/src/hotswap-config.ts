import type { ServiceName } from '@hotswap/contracts';
import type { Secret } from './secret.js';

export const HOTSWAP_MODES = ['development', 'production', 'test'] as const;
export type HotSwapMode = (typeof HOTSWAP_MODES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const EVENT_STORE_KINDS = ['jetstream', 'eventstoredb'] as const;

export type EventStoreConfig =
  | {
      readonly kind: 'jetstream';
      /** JetStream stream holding every event (HOTSWAP_JETSTREAM_STREAM). */
      readonly streamName: string;
      /** Subjects of that stream start with it (HOTSWAP_JETSTREAM_SUBJECT_PREFIX); streams may not overlap. */
      readonly subjectPrefix: string;
    }
  | {
      readonly kind: 'eventstoredb';
      /** EVENTSTORE_CONNECTION_STRING; may hold credentials: never log it as is. */
      readonly connectionString: string;
    };

/** Everything a HotSwap service reads from its environment, validated and frozen (loadConfig). */
export interface HotSwapConfig {
  readonly service: ServiceName;
  readonly mode: HotSwapMode;
  /** Names this process in logs, metrics and NATS connections; unique per running instance. */
  readonly instanceId: string;
  readonly natsUrl: string;
  readonly redisUrl: string;
  /**
   * How long one Redis command may take before it fails (HOTSWAP_REDIS_COMMAND_TIMEOUT_MS): a
   * hung Redis must not hang a lease renewal, and with it a holder that keeps working after its
   * lease has passed to another instance (DESIGN.md §5: every call to Redis has a deadline).
   */
  readonly redisCommandTimeoutMs: number;
  readonly eventStore: EventStoreConfig;
  readonly http: {
    /** Bind address (HOTSWAP_HOST). */
    readonly host: string;
    /** 0 means any free port. */
    readonly port: number;
    /** The variable the port came from, for messages (HOTSWAP_GATEWAY_PORT…). */
    readonly portVariable: string;
    /** JSON bodies larger than this are refused with 413 (HOTSWAP_HTTP_BODY_LIMIT_BYTES). */
    readonly bodyLimitBytes: number;
  };
  readonly logLevel: LogLevel;
  /** How long a clean shutdown may take before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /**
   * Signs the commands this process sends on NATS and checks those it receives
   * (HOTSWAP_NATS_SIGNING_KEY, hexadecimal). Required in production; without it (development,
   * test) commands are neither signed nor checked.
   */
  readonly natsSigningKey: Secret | undefined;
  /**
   * The gateway's only: encrypts webhook secrets in the event store (HOTSWAP_WEBHOOK_SECRET_KEY,
   * 32 bytes as hex). Required in production; without it (development, test) the gateway makes a
   * random key for its process.
   */
  readonly webhookSecretKey?: Secret;
}

/**
 * The JetStream object store bucket that holds module binaries (POST /api/v1/modules): beside the
 * event stream, so a test run's or an installation's modules stay with its events.
 */
export function moduleBucketOf(config: Pick<HotSwapConfig, 'eventStore'>): string {
  return config.eventStore.kind === 'jetstream'
    ? `${config.eventStore.streamName}_MODULES`
    : 'HOTSWAP_MODULES';
}
