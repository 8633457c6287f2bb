import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { HotSwapConfig } from '@hotswap/config';
import { APPROVAL_CATEGORY, type ApprovalEvent } from '@hotswap/contracts';
import { LeasedSubscription } from '@hotswap/coordination';
import { EventStore, parseStreamName, type RecordedEvent } from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import type { DeploymentCommand } from '@hotswap/deployment-domain';
import { DeploymentCommands } from '../deployment-store/deployment-commands.js';
import {
  ORCHESTRATOR_CONFIG,
  type OrchestratorConfig,
} from '../orchestrator-config/orchestrator-config.js';

export const APPROVAL_WATCHER_ID = 'orchestrator:approval-watcher';

/**
 * Follows the approval service's events (category `approval`) and ends a deployment's wait for
 * approval: approved → its deploy stage starts; rejected or expired → it fails with why. Leased
 * and checkpointed like the rollout watcher; recording the outcome twice decides nothing.
 */
@Injectable()
export class ApprovalWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly subscription: LeasedSubscription;

  constructor(
    @Inject(EventStore) store: EventStore,
    @Inject(REDIS) redis: Redis,
    @Inject(HOTSWAP_CONFIG) host: HotSwapConfig,
    @Inject(ORCHESTRATOR_CONFIG) config: OrchestratorConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly commands: DeploymentCommands,
  ) {
    this.subscription = new LeasedSubscription({
      redis,
      store,
      leaseKey: `hotswap:lease:${APPROVAL_WATCHER_ID}`,
      owner: host.instanceId,
      leaseTtlMs: config.leaseTtlMs,
      subscriberId: APPROVAL_WATCHER_ID,
      filter: { category: APPROVAL_CATEGORY },
      handler: (event) => this.handle(event),
      concurrency: { maxInFlight: 64 },
      logger: logger.child({ component: 'approval-watcher' }),
    });
  }

  onApplicationBootstrap(): void {
    this.subscription.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription.stop();
  }

  async handle(recorded: RecordedEvent): Promise<void> {
    const outcome = approvalOutcome({ type: recorded.type, data: recorded.data } as ApprovalEvent);
    if (outcome === undefined) return;
    const executionId = parseStreamName(recorded.streamName).id;
    const deployment = await this.commands.state(executionId);
    if (deployment.status === 'none') return; // an approval no deployment asked for
    await this.commands.execute(executionId, outcome, { causationId: recorded.id });
  }
}

/** What an approval event means for its deployment, if anything. */
export function approvalOutcome(event: ApprovalEvent): DeploymentCommand | undefined {
  switch (event.type) {
    case 'ApprovalCompleted':
      return {
        type: 'RecordApproval',
        data: { outcome: 'approved', approvers: event.data.approvers, at: event.data.at },
      };
    case 'ApprovalRejected':
      return {
        type: 'RecordApproval',
        data: {
          outcome: 'rejected',
          by: event.data.by,
          reason: event.data.reason,
          at: event.data.at,
        },
      };
    case 'ApprovalExpired':
      return { type: 'RecordApproval', data: { outcome: 'expired', at: event.data.at } };
    default:
      return undefined;
  }
}
