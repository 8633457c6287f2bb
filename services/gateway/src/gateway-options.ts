import { ALL_TELEMETRY, SUBJECTS } from '@hotswap/contracts';

/**
 * What the gateway's pieces need beyond the host's connections, with production's values as
 * defaults. Tests pass their own subjects (the test run's NATS server is shared) and clock.
 */
export class GatewayOptions {
  readonly requestDeploymentSubject: string;
  readonly requestTimeoutMs: number;
  readonly telemetrySubject: string;
  /** How long a node's last telemetry is kept: a few minutes, longer than the 2 minutes that make it unhealthy. */
  readonly telemetryTtlMs: number;
  readonly leaseTtlMs: number;
  /** How long a projection waits before resubscribing after its handler failed (Redis away). */
  readonly projectionRetryMs: number;
  readonly now: () => Date;

  constructor(overrides: Partial<GatewayOptions> = {}) {
    this.requestDeploymentSubject =
      overrides.requestDeploymentSubject ?? SUBJECTS.requestDeployment;
    this.requestTimeoutMs = overrides.requestTimeoutMs ?? 5_000;
    this.telemetrySubject = overrides.telemetrySubject ?? ALL_TELEMETRY;
    this.telemetryTtlMs = overrides.telemetryTtlMs ?? 5 * 60_000;
    this.leaseTtlMs = overrides.leaseTtlMs ?? 5_000;
    this.projectionRetryMs = overrides.projectionRetryMs ?? 1_000;
    this.now = overrides.now ?? (() => new Date());
  }
}
