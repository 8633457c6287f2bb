import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { PublicRoute } from '../access/route-access.js';
import { checkReadiness, type Probe, type ReadinessReport } from './readiness.js';

/** Injection token of the readiness probes by check name (see readiness-probes.ts). */
export const READINESS_PROBES = Symbol('READINESS_PROBES');

/** Short enough for an orchestrator's probe, long enough for a loaded but healthy server. */
const CHECK_TIMEOUT_MS = 1_000;

/**
 * `live`: the process runs and serves HTTP (restart it if not). `ready`: it can do its work
 * because NATS, the event store and Redis answer (send it no traffic if not); 503 says which
 * dependency is down and why.
 */
@Controller('health')
@PublicRoute()
export class HealthController {
  constructor(@Inject(READINESS_PROBES) private readonly probes: Readonly<Record<string, Probe>>) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<ReadinessReport> {
    const report = await checkReadiness(this.probes, CHECK_TIMEOUT_MS);
    if (report.status !== 'ok') throw new ServiceUnavailableException(report);
    return report;
  }
}
