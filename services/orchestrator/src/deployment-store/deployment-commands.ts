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
   * older than that is caught up with the store before deciding.
   */
  readonly seenRevision?: bigint;
}

/**
 * Runs deployment commands through a CommandHandler, which keeps the states of the deployments
 * this instance drives in memory (DESIGN.md §3), confirms with the store a command that decides
 * nothing on a remembered state (another instance may have written last: a lease moved), and
 * answers a retried command (same causation id) with what it recorded then.
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
    if (options.seenRevision !== undefined) await this.state(executionId, options.seenRevision);
    return this.handler.handle(deploymentStream(executionId), command, {
      causationId: options.causationId,
      metadata: {
        correlationId: executionId,
        actor: options.actor ?? ORCHESTRATOR_ACTOR,
        timestamp: new Date().toISOString(),
      },
    });
  }

  /** The deployment's state; at least as recent as `seenRevision` when given. */
  async state(executionId: string, seenRevision?: bigint): Promise<DeploymentState> {
    const stream = deploymentStream(executionId);
    const current = await this.handler.state(stream);
    const stale =
      seenRevision !== undefined &&
      (current.revision === undefined || current.revision < seenRevision);
    if (!stale) return current.state;
    return (await this.handler.current(stream)).state;
  }
}
