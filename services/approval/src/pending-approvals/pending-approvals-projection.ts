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
import { EventStore, type RecordedEvent } from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import { ApprovalExpiry } from '../expiry/approval-expiry.js';
import { APPROVAL_SETTINGS, type ApprovalSettings } from '../settings/approval-settings.js';
import { PendingApprovals } from './pending-approvals.js';

const LEASE_TTL_MS = 5_000;

/**
 * A subscription to category `approval` on one instance at a time (a lease, a checkpoint in
 * Redis): keeps the pending-approvals read model, and the expiry timers, which fire beside it on
 * the same instance. A request's timer is scheduled here as well as by RequestApproval, so a crash
 * between that command's append and its schedule still leaves a timer; a decision cancels it.
 */
@Injectable()
export class PendingApprovalsProjection
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger: Logger;
  private subscription: LeasedSubscription | undefined;

  constructor(
    private readonly pending: PendingApprovals,
    private readonly expiry: ApprovalExpiry,
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(HOTSWAP_CONFIG) private readonly config: HotSwapConfig,
    @Inject(APPROVAL_SETTINGS) private readonly settings: ApprovalSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'pending-approvals' });
  }

  onApplicationBootstrap(): void {
    this.subscription = new LeasedSubscription({
      redis: this.redis,
      store: this.store,
      leaseKey: this.settings.leaseKey,
      owner: this.config.instanceId,
      leaseTtlMs: LEASE_TTL_MS,
      subscriberId: this.settings.subscriberId,
      filter: { category: APPROVAL_CATEGORY },
      handler: (event) => this.onEvent(event),
      // Each approval's events in order, different approvals' side by side.
      concurrency: { maxInFlight: 64 },
      logger: this.logger,
      companions: [this.expiry],
    });
    this.subscription.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** For tests: resolves once this instance has handled every event up to `position`. */
  processedUpTo(position: bigint, timeoutMs?: number): Promise<void> {
    if (!this.subscription) throw new Error('The pending-approvals subscription has not started');
    return this.subscription.processedUpTo(position, timeoutMs);
  }

  /** Throws only when Redis fails: the subscription then starts again from its checkpoint. */
  private async onEvent(recorded: RecordedEvent): Promise<void> {
    const executionId = recorded.streamName.slice(APPROVAL_CATEGORY.length + 1);
    const event = { type: recorded.type, data: recorded.data } as ApprovalEvent;
    switch (event.type) {
      case 'ApprovalRequested': {
        const { targetEnvironment, requestedAt, expiresAt } = event.data;
        await this.expiry.schedule(executionId, expiresAt);
        await this.pending.add(executionId, targetEnvironment, requestedAt, recorded.position);
        return;
      }
      case 'ApprovalCompleted':
      case 'ApprovalRejected':
      case 'ApprovalExpired':
        await this.pending.remove(executionId, recorded.position);
        await this.expiry.cancel(executionId);
        return;
      case 'ApprovalGranted':
        return;
    }
  }
}
