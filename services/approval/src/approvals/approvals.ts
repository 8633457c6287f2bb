import { Inject, Injectable } from '@nestjs/common';
import { approvalStream, type ApprovalEvent, type ApprovalView } from '@hotswap/contracts';
import {
  approvalDecider,
  type ApprovalCommand,
  type ApprovalState,
} from '@hotswap/approval-domain';
import { CommandHandler, derivedEventId, type HandleOptions } from '@hotswap/event-sourcing';
import { EventStore } from '@hotswap/event-store';
import { ApprovalMetrics } from './approval-metrics.js';
import { approvalView } from './approval-view.js';

/** What one approval's stream holds, read from the store. */
export interface ApprovalHistory {
  readonly view: ApprovalView | undefined;
  /** Event ids in stream order: whether a command's events are stored (derivedEventId). */
  readonly eventIds: readonly string[];
}

/**
 * The approvals this service owns (streams `approval-<executionId>`): one CommandHandler over the
 * approval decider, shared by the command handlers and the expiry timers. Answers are read from
 * the store, not from the handler's memory: another instance may have decided since.
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

  async history(executionId: string): Promise<ApprovalHistory> {
    const events = await this.store.readStream(approvalStream(executionId));
    return {
      view: approvalView(events.map((e) => ({ type: e.type, data: e.data }) as ApprovalEvent)),
      eventIds: events.map((e) => e.id),
    };
  }

  async view(executionId: string): Promise<ApprovalView | undefined> {
    return (await this.history(executionId)).view;
  }
}

/** Whether the command `commandId` already recorded its events in `history` (a retry). */
export const recordedBy = (history: ApprovalHistory, commandId: string): boolean =>
  history.eventIds.includes(derivedEventId(commandId, 0));
