import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { ApprovalEvent } from '@hotswap/contracts';
import type { ApprovalState } from '@hotswap/approval-domain';
import { METRICS_REGISTRY } from '@hotswap/service-host';

/**
 * The approval counters (DESIGN.md §6), counted from the events this process appended, so a
 * repeated command counts nothing twice. A request is granted once (ApprovalCompleted), however
 * many approvers it needed.
 */
@Injectable()
export class ApprovalMetrics {
  private readonly requested: Counter<'environment'>;
  private readonly granted: Counter<'environment'>;
  private readonly rejected: Counter<'environment'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const counter = (name: string, help: string) =>
      new Counter({ name, help, labelNames: ['environment'] as const, registers: [registry] });
    this.requested = counter('approval_requests_total', 'Deployments that asked for approval');
    this.granted = counter(
      'approvals_granted_total',
      'Approval requests approved by enough people',
    );
    this.rejected = counter('approvals_rejected_total', 'Approval requests rejected');
  }

  count(newEvents: readonly ApprovalEvent[], state: ApprovalState): void {
    if (state.status === 'none') return;
    const labels = { environment: state.environment };
    for (const event of newEvents) {
      if (event.type === 'ApprovalRequested') this.requested.inc(labels);
      if (event.type === 'ApprovalCompleted') this.granted.inc(labels);
      if (event.type === 'ApprovalRejected') this.rejected.inc(labels);
    }
  }
}
