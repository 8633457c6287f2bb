import { Inject, Injectable } from '@nestjs/common';
import { approvalStream, type ApprovalEvent, type ApprovalView } from '@hotswap/contracts';
import {
  approvalDecider,
  type ApprovalCommand,
  type ApprovalState,
} from '@hotswap/approval-domain';
import { CommandHandler, type HandleOptions } from '@hotswap/event-sourcing';
import { EventStore } from '@hotswap/event-store';
import { ApprovalMetrics } from './approval-metrics.js';
import { approvalView } from './approval-view.js';

/**
 * The approvals this service owns (streams `approval-<executionId>`): one CommandHandler over the
 * approval decider, shared by the command handlers and the expiry timers; the handler answers
 * retried commands. Views are read from the store, not from the handler's memory: another
 * instance may have decided since.
 */
@Injectable()
export class Approvals {
  private readonly commands: CommandHandler<ApprovalCommand, ApprovalEvent, ApprovalState>;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    private readonly metrics: ApprovalMetrics,
  ) {
    this.commands = new CommandHandler(store, approvalDecider);
  }

  async handle(executionId: string, command: ApprovalCommand, options: HandleOptions) {
    const handled = await this.commands.handle(approvalStream(executionId), command, options);
    this.metrics.count(handled.newEvents, handled.state);
    return handled;
  }

  async view(executionId: string): Promise<ApprovalView | undefined> {
    const events = await this.store.readStream(approvalStream(executionId));
    return approvalView(events.map((e) => ({ type: e.type, data: e.data }) as ApprovalEvent));
  }
}
