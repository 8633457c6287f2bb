import type { Logger } from 'pino';
import type { EventStore, SubscribeOptions, Subscription } from '@hotswap/event-store';

const RESTART_DELAY_MS = 1_000;

/**
 * A subscription that starts again from its checkpoint when it ends with an error (the store went
 * away, say), instead of leaving the lease holder running with nothing to run. Its handler must
 * not throw: an event that fails every time would be retried every second.
 */
export class RestartingSubscription {
  private current: Subscription | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: SubscribeOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const subscription = await this.store.subscribe(this.options);
    this.current = subscription;
    subscription.done.catch((error: unknown) => {
      if (this.stopped) return;
      this.logger.error({ err: error }, `subscription ${this.options.subscriberId} failed`);
      this.restartLater();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current?.stop();
  }

  private restartLater(): void {
    this.timer = setTimeout(() => {
      if (this.stopped) return;
      this.start().catch((error: unknown) => {
        this.logger.error(
          { err: error },
          `subscription ${this.options.subscriberId} not restarted`,
        );
        this.restartLater();
      });
    }, RESTART_DELAY_MS);
  }
}
