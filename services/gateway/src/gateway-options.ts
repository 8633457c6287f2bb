import { readInt, VariableProblems, type Environment as Variables } from '@hotswap/config';
import { ALL_TELEMETRY, SUBJECTS } from '@hotswap/contracts';

/**
 * What the gateway's pieces need beyond the host's connections, with production's values as
 * defaults. Tests pass their own subjects (the test run's NATS server is shared) and clock; the
 * process reads the few that operators set from its variables (readGatewayOptions).
 */
export class GatewayOptions {
  readonly requestDeploymentSubject: string;
  readonly injectFaultSubject: string;
  readonly removeFaultSubject: string;
  readonly listFaultsSubject: string;
  readonly requestTimeoutMs: number;
  readonly telemetrySubject: string;
  /** How long a node's last telemetry is kept: a few minutes, longer than the 2 minutes that make it unhealthy. */
  readonly telemetryTtlMs: number;
  /** How long each node's telemetry samples are kept for the metrics series (HOTSWAP_TELEMETRY_RETENTION_MS). */
  readonly telemetryRetentionMs: number;
  /** At most this many samples per node, whatever the retention (HOTSWAP_TELEMETRY_MAX_SAMPLES_PER_NODE). */
  readonly telemetryMaxSamplesPerNode: number;
  readonly leaseTtlMs: number;
  /** How long a projection waits before resubscribing after its handler failed (Redis away). */
  readonly projectionRetryMs: number;
  /** How often each instance reads the read models' generations (rebuilds, swaps, clean-up). */
  readonly projectionSupervisionMs: number;
  /** How long a generation replaced by a rebuild is kept for readers still on it before deletion. */
  readonly retiredGenerationGraceMs: number;
  /** Requests per window per IP address and per user; 0 turns a limit off (rate-limits/). */
  readonly rateLimits: RateLimits;
  /** The event stream's heartbeat and the limits past which a slow client is dropped. */
  readonly sse: SseOptions;
  /** Webhook deliveries: attempts, back-off, timeout, and how often the registrations are read. */
  readonly webhooks: WebhookOptions;
  readonly now: () => Date;

  constructor(overrides: Partial<GatewayOptions> = {}) {
    this.requestDeploymentSubject =
      overrides.requestDeploymentSubject ?? SUBJECTS.requestDeployment;
    this.injectFaultSubject = overrides.injectFaultSubject ?? SUBJECTS.injectFault;
    this.removeFaultSubject = overrides.removeFaultSubject ?? SUBJECTS.removeFault;
    this.listFaultsSubject = overrides.listFaultsSubject ?? SUBJECTS.listFaults;
    this.requestTimeoutMs = overrides.requestTimeoutMs ?? 5_000;
    this.telemetrySubject = overrides.telemetrySubject ?? ALL_TELEMETRY;
    this.telemetryTtlMs = overrides.telemetryTtlMs ?? 5 * 60_000;
    this.telemetryRetentionMs = overrides.telemetryRetentionMs ?? DEFAULT_TELEMETRY_RETENTION_MS;
    this.telemetryMaxSamplesPerNode =
      overrides.telemetryMaxSamplesPerNode ?? DEFAULT_TELEMETRY_MAX_SAMPLES_PER_NODE;
    this.leaseTtlMs = overrides.leaseTtlMs ?? 5_000;
    this.projectionRetryMs = overrides.projectionRetryMs ?? 1_000;
    this.projectionSupervisionMs = overrides.projectionSupervisionMs ?? 500;
    this.retiredGenerationGraceMs = overrides.retiredGenerationGraceMs ?? 30_000;
    this.rateLimits = overrides.rateLimits ?? DEFAULT_RATE_LIMITS;
    this.sse = overrides.sse ?? DEFAULT_SSE_OPTIONS;
    this.webhooks = overrides.webhooks ?? DEFAULT_WEBHOOK_OPTIONS;
    this.now = overrides.now ?? (() => new Date());
  }
}

export interface WebhookOptions {
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
  readonly syncMs: number;
}

/** Six attempts over about 30 s (1, 2, 4, 8, 16 s apart), 10 s each; new webhooks seen within 2 s. */
export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  maxAttempts: 6,
  backoffMs: 1_000,
  timeoutMs: 10_000,
  syncMs: 2_000,
};

export interface SseOptions {
  readonly heartbeatMs: number;
  readonly maxBufferedBytes: number;
  readonly maxPendingEvents: number;
}

/** A comment every 15 s (proxies close idle connections after 30–60 s); 1 MiB or 10,000 events behind. */
export const DEFAULT_SSE_OPTIONS: SseOptions = {
  heartbeatMs: 15_000,
  maxBufferedBytes: 1024 * 1024,
  maxPendingEvents: 10_000,
};

export interface RateLimits {
  readonly perIp: number;
  readonly perUser: number;
  readonly windowMs: number;
}

/** Generous for people and scripts, a brake for a runaway client: per minute. */
export const DEFAULT_RATE_LIMITS: RateLimits = { perIp: 1_200, perUser: 600, windowMs: 60_000 };

export const DEFAULT_TELEMETRY_RETENTION_MS = 60 * 60_000;
/** One sample a second for the default hour; nodes report every 5 s by default. */
export const DEFAULT_TELEMETRY_MAX_SAMPLES_PER_NODE = 3_600;

/**
 * The gateway's own variables, read once at start-up; every bad one is named in one ConfigError
 * (the process stops with it, as for the host's variables).
 */
export function readGatewayOptions(env: Variables): GatewayOptions {
  const problems = new VariableProblems();
  const telemetryRetentionMs = problems.read(
    () =>
      readInt(env, 'HOTSWAP_TELEMETRY_RETENTION_MS', {
        default: DEFAULT_TELEMETRY_RETENTION_MS,
        min: 60_000,
        max: 24 * 60 * 60_000,
      }),
    DEFAULT_TELEMETRY_RETENTION_MS,
  );
  const telemetryMaxSamplesPerNode = problems.read(
    () =>
      readInt(env, 'HOTSWAP_TELEMETRY_MAX_SAMPLES_PER_NODE', {
        default: DEFAULT_TELEMETRY_MAX_SAMPLES_PER_NODE,
        min: 10,
        max: 100_000,
      }),
    DEFAULT_TELEMETRY_MAX_SAMPLES_PER_NODE,
  );
  const limit = (name: string, fallback: number) =>
    problems.read(
      () => readInt(env, name, { default: fallback, min: 0, max: 10_000_000 }),
      fallback,
    );
  const rateLimits: RateLimits = {
    perIp: limit('HOTSWAP_RATE_LIMIT_PER_IP', DEFAULT_RATE_LIMITS.perIp),
    perUser: limit('HOTSWAP_RATE_LIMIT_PER_USER', DEFAULT_RATE_LIMITS.perUser),
    windowMs: problems.read(
      () =>
        readInt(env, 'HOTSWAP_RATE_LIMIT_WINDOW_MS', {
          default: DEFAULT_RATE_LIMITS.windowMs,
          min: 1_000,
          max: 60 * 60_000,
        }),
      DEFAULT_RATE_LIMITS.windowMs,
    ),
  };
  problems.throwIfAny('gateway');
  return new GatewayOptions({ telemetryRetentionMs, telemetryMaxSamplesPerNode, rateLimits });
}
