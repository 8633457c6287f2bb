import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { RolloutEvent } from '@hotswap/contracts';
import type { RolloutState } from '@hotswap/rollout-domain';
import { METRICS_REGISTRY } from '@hotswap/service-host';

/**
 * The strategy runner's counters (DESIGN.md §6), counted from the events this process appended,
 * so a redelivered or repeated command counts nothing twice.
 */
@Injectable()
export class RolloutMetrics {
  private readonly nodesUpdated: Counter<'environment'>;
  private readonly modulesDeployed: Counter<'environment'>;
  private readonly rolledBack: Counter<'environment'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['environment'] as const, registers: [registry] });
    this.nodesUpdated = counter('nodes_updated_total', 'Nodes that took a new module version');
    this.modulesDeployed = counter(
      'modules_deployed_total',
      'Rollouts that put a module version on every node of a cluster',
    );
    this.rolledBack = counter(
      'deployments_rolled_back_total',
      'Rollouts that failed and put nodes back on their previous version',
    );
  }

  count(newEvents: readonly RolloutEvent[], state: RolloutState): void {
    if (state.status === 'none') return;
    const labels = { environment: state.plan.targetEnvironment };
    for (const event of newEvents) {
      if (event.type === 'NodeUpdated') this.nodesUpdated.inc(labels);
      if (event.type === 'RolloutSucceeded') this.modulesDeployed.inc(labels);
      if (event.type === 'RolloutRolledBack') this.rolledBack.inc(labels);
      // Looked at only when a rollout fails: a scan of every node per event would cost O(nodes).
      if (event.type === 'RolloutFailed') {
        const restored = Object.values(state.nodes).some((p) => p.status === 'rolledBack');
        if (restored) this.rolledBack.inc(labels);
      }
    }
  }
}
