import { Inject, Injectable } from '@nestjs/common';
import { deploymentStream, type DeploymentEvent } from '@hotswap/contracts';
import {
  deploymentDecider,
  type DeploymentCommand,
  type DeploymentState,
} from '@hotswap/deployment-domain';
import { CommandHandler, type Handled } from '@hotswap/event-sourcing';
import { EventStore } from '@hotswap/event-store';

/** The orchestrator acting on its own (the workflow, timers, the rollout watcher). */
export const ORCHESTRATOR_ACTOR = 'service:orchestrator';

export interface ExecuteOptions {
  /** The command, or the event reacted to: the new events' ids derive from it (idempotency). */
  readonly causationId: string;
  readonly actor?: string;
  /**
   * A revision the caller has seen in the stream (it reacts to that event). A remembered state
   * older than that is dropped before deciding.
   */
  readonly seenRevision?: bigint;
}

/**
 * Runs deployment commands (decide, append with the expected revision) and keeps the states of the
 * deployments this instance drives in memory (DESIGN.md §3). A remembered state can be stale when
 * another instance wrote last (a lease moved), and a stale state can make a command look like a
 * repeat: so a command that decides nothing, without a `seenRevision` to vouch for the state, is
 * decided once more on the stored state. Decisions that do append are guarded by the expected
 * revision anyway.
 */
@Injectable()
export class DeploymentCommands {
  private readonly handler: CommandHandler<DeploymentCommand, DeploymentEvent, DeploymentState>;

  constructor(@Inject(EventStore) store: EventStore) {
    this.handler = new CommandHandler(store, deploymentDecider);
  }

  async execute(
    executionId: string,
    command: DeploymentCommand,
    options: ExecuteOptions,
  ): Promise<Handled<DeploymentEvent, DeploymentState>> {
    const stream = deploymentStream(executionId);
    if (options.seenRevision !== undefined) await this.state(executionId, options.seenRevision);
    const handle = () =>
      this.handler.handle(stream, command, {
        causationId: options.causationId,
        metadata: {
          correlationId: executionId,
          actor: options.actor ?? ORCHESTRATOR_ACTOR,
          timestamp: new Date().toISOString(),
        },
      });
    const handled = await handle();
    if (handled.newEvents.length > 0 || options.seenRevision !== undefined) return handled;
    this.handler.forget(stream);
    return handle();
  }

  /** The deployment's state; at least as recent as `seenRevision` when given. */
  async state(executionId: string, seenRevision?: bigint): Promise<DeploymentState> {
    const stream = deploymentStream(executionId);
    const current = await this.handler.state(stream);
    const stale =
      seenRevision !== undefined &&
      (current.revision === undefined || current.revision < seenRevision);
    if (!stale) return current.state;
    this.handler.forget(stream);
    return (await this.handler.state(stream)).state;
  }
}
