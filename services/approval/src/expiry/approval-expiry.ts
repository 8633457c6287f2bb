import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DurableTimers, type CompanionWork, type Fence } from '@hotswap/coordination';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import { LOGGER, REDIS } from '@hotswap/service-host';
import { Approvals } from '../approvals/approvals.js';
import { APPROVAL_SETTINGS, type ApprovalSettings } from '../settings/approval-settings.js';

interface ExpiryTimer {
  readonly executionId: string;
}

/**
 * Each approval's expiry as a durable timer (id = execution id, due at `expiresAt`): the due time
 * is in Redis, so an approval still expires when every process restarted before its deadline.
 * Any instance schedules; the timers fire on the lease holder only (a companion of the pending
 * approvals subscription), as `Expire`, which decides nothing once the approval was decided.
 */
@Injectable()
export class ApprovalExpiry implements CompanionWork {
  private readonly timers: DurableTimers<ExpiryTimer>;
  private readonly logger: Logger;

  constructor(
    private readonly approvals: Approvals,
    @Inject(REDIS) redis: Redis,
    @Inject(APPROVAL_SETTINGS) settings: ApprovalSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'approval-expiry' });
    this.timers = new DurableTimers<ExpiryTimer>({
      redis,
      keyPrefix: settings.timersKeyPrefix,
      claimMs: 10_000,
      onError: (error) =>
        this.logger.error({ err: error }, 'an expiry timer failed; it fires again'),
    });
  }

  /** Idempotent: scheduling an approval's expiry again keeps one timer. */
  async schedule(executionId: string, expiresAt: string): Promise<void> {
    await this.timers.schedule(executionId, Date.parse(expiresAt), { executionId });
  }

  /** The approval was decided: its timer has nothing left to do. */
  async cancel(executionId: string): Promise<void> {
    await this.timers.cancel(executionId);
  }

  start(fence: Fence): void {
    this.timers.start((timer) => this.fire(timer), fence);
  }

  stop(): Promise<void> {
    return this.timers.stop();
  }

  private async fire({ executionId }: ExpiryTimer): Promise<void> {
    const at = new Date().toISOString();
    try {
      const { state } = await this.approvals.handle(
        executionId,
        { type: 'Expire', data: { at } },
        {
          // One expiry per approval: firing again stores nothing twice.
          causationId: `${executionId}:expiry`,
          metadata: { correlationId: executionId, actor: 'service:approval', timestamp: at },
        },
      );
      if (state.status === 'Pending') {
        // Fired before the deadline (it was moved, or clocks disagree): keep it, it fires again.
        throw new Error(`The approval of ${executionId} does not expire before ${state.expiresAt}`);
      }
    } catch (error) {
      // A timer for an approval that does not exist would fire forever; anything else (the store
      // is down) lets it fire again.
      if (!(error instanceof DomainRuleViolated)) throw error;
      this.logger.error({ err: error, executionId }, 'dropped an expiry timer');
    }
  }
}
