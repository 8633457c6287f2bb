import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { DeploymentEvent } from '@hotswap/contracts';
import type { DeploymentState } from '@hotswap/deployment-domain';
import { METRICS_REGISTRY } from '@hotswap/service-host';

/**
 * The deployment counters users of the earlier system know (DESIGN.md §6), counted by the workflow
 * as it sees the events: at-least-once, so a redelivery after a crash may count one twice.
 */
@Injectable()
export class DeploymentMetrics {
  private readonly started: Counter<'environment'>;
  private readonly completed: Counter<'environment'>;
  private readonly failed: Counter<'environment'>;
  private readonly rolledBack: Counter<'environment'>;
  private readonly duration: Histogram<'environment'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const labelNames = ['environment'] as const;
    const registers = [registry];
    this.started = new Counter({
      name: 'deployments_started_total',
      help: 'Deployments that started their pipeline',
      labelNames,
      registers,
    });
    this.completed = new Counter({
      name: 'deployments_completed_total',
      help: 'Deployments that passed every stage',
      labelNames,
      registers,
    });
    this.failed = new Counter({
      name: 'deployments_failed_total',
      help: 'Deployments that failed in a stage',
      labelNames,
      registers,
    });
    this.rolledBack = new Counter({
      name: 'deployments_rolled_back_total',
      help: 'Deployments whose rollout was turned back (a failed batch or canary wave)',
      labelNames,
      registers,
    });
    this.duration = new Histogram({
      name: 'deployment_duration_seconds',
      help: 'From the start of the pipeline to its end, completed or failed',
      labelNames,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
      registers,
    });
  }

  record(event: DeploymentEvent, state: DeploymentState): void {
    if (state.status === 'none') return;
    const labels = { environment: state.environment };
    switch (event.type) {
      case 'DeploymentStarted':
        this.started.inc(labels);
        return;
      case 'DeploymentCompleted':
        this.completed.inc(labels);
        this.observe(labels, state, event.data.completedAt);
        return;
      case 'DeploymentFailed':
        this.failed.inc(labels);
        this.observe(labels, state, event.data.failedAt);
        return;
      case 'DeploymentRolledBack':
        this.rolledBack.inc(labels);
        this.observe(labels, state, event.data.rolledBackAt);
        return;
      default:
        return;
    }
  }

  private observe(labels: { environment: string }, state: DeploymentState, endedAt: string): void {
    const startedAt =
      state.status === 'Completed' || state.status === 'Failed' || state.status === 'RolledBack'
        ? state.startedAt
        : null;
    if (startedAt === null) return;
    const seconds = (Date.parse(endedAt) - Date.parse(startedAt)) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) this.duration.observe(labels, seconds);
  }
}
