import { LeasedSubscription } from '@hotswap/coordination';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEPLOYMENT_CATEGORY, type DeploymentEvent } from '@hotswap/contracts';
import type { HotSwapConfig } from '@hotswap/config';
import {
  queueRevert,
  react,
  type DeploymentRef,
  type RecordedDeployment,
} from '@hotswap/deployment-domain';
import { EventStore, type RecordedEvent } from '@hotswap/event-store';
import { HOTSWAP_CONFIG, LOGGER, REDIS } from '@hotswap/service-host';
import { DeploymentCommands } from '../deployment-store/deployment-commands.js';
import { asDeploymentEvent, streamId } from '../deployment-store/recorded-events.js';
import { DeploymentMetrics } from '../deployment-metrics/deployment-metrics.js';
import {
  ORCHESTRATOR_CONFIG,
  type OrchestratorConfig,
} from '../orchestrator-config/orchestrator-config.js';
import { SlotQueue } from './slot-queue.js';
import { StageRunner } from './stage-runner.js';
import { StageDeadlines } from './stage-deadlines.js';
import { StageTimers } from './stage-timers.js';
import { WorkflowTasks, type WorkflowTask } from './workflow-tasks.js';

export const DEPLOYMENT_WORKFLOW_ID = 'orchestrator:deployment-workflow';

const refOf = (state: RecordedDeployment): DeploymentRef => ({
  executionId: state.executionId,
  moduleName: state.moduleName,
  version: state.version,
  environment: state.environment,
});

/** Events react() may ask work for: their reactions are kept in Redis until done. */
const ACTIONABLE: ReadonlySet<DeploymentEvent['type']> = new Set([
  'DeploymentRequested',
  'StageStarted',
  'DeploymentCompleted',
  'DeploymentFailed',
  'DeploymentRolledBack',
  'DeploymentRollbackRequested',
  'DeploymentReverted',
  'DeploymentRevertFailed',
  'DeploymentAwaitingApproval',
]);

/**
 * Drives every deployment through its pipeline: follows the `deployment` category from its
 * checkpoint on the instance that holds the lease, and carries out what react() asks for each
 * event (take or leave the module's slot in the environment, run a stage). The subscription only
 * does what must follow the store's order (joining a slot queue) and hands the rest to
 * WorkflowTasks, which reacts for many deployments at once. Every reaction is safe to repeat:
 * after a crash, events and tasks come again.
 */
@Injectable()
export class DeploymentWorkflow implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly subscription: LeasedSubscription;
  private readonly tasks: WorkflowTasks;
  private readonly logger: Logger;
  /** The last slot queue join: each waits for the one before, so joins follow the store's order. */
  private joining: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EventStore) store: EventStore,
    @Inject(REDIS) redis: Redis,
    @Inject(HOTSWAP_CONFIG) host: HotSwapConfig,
    @Inject(ORCHESTRATOR_CONFIG) config: OrchestratorConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly commands: DeploymentCommands,
    private readonly slots: SlotQueue,
    private readonly stages: StageRunner,
    private readonly metrics: DeploymentMetrics,
    timers: StageTimers,
    private readonly deadlines: StageDeadlines,
  ) {
    this.logger = logger.child({ component: 'deployment-workflow' });
    this.tasks = new WorkflowTasks({
      redis,
      logger: this.logger,
      run: (task) => this.reactTo(task),
    });
    this.subscription = new LeasedSubscription({
      redis,
      store,
      leaseKey: `hotswap:lease:${DEPLOYMENT_WORKFLOW_ID}`,
      owner: host.instanceId,
      leaseTtlMs: config.leaseTtlMs,
      subscriberId: DEPLOYMENT_WORKFLOW_ID,
      filter: { category: DEPLOYMENT_CATEGORY },
      handler: (event) => this.handle(event),
      // Deployments' events are handled side by side, each deployment's in order; joining a
      // slot queue keeps the store's order through `joining`.
      concurrency: { maxInFlight: 256 },
      logger: this.logger,
      companions: [this.tasks, timers, deadlines],
    });
  }

  /** Whether this instance drives the deployments now (holds the lease). */
  get active(): boolean {
    return this.subscription.active;
  }

  onApplicationBootstrap(): void {
    this.subscription.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription.stop();
  }

  /**
   * The subscription's handler: called in store order, each deployment's events one at a time,
   * several deployments' at once.
   */
  async handle(recorded: RecordedEvent): Promise<void> {
    const event = asDeploymentEvent(recorded);
    if (event === undefined) return;
    const joiner = this.joinerOf(recorded, event);
    if (joiner !== undefined) {
      // Joining the queue in the order the requests were recorded is what makes the slot first
      // come, first served: the join is chained (synchronously, as handlers are called in store
      // order) behind the previous one. The rest of the reaction runs beside other deployments'.
      const join = this.joining
        .catch(() => undefined)
        .then(async () => {
          const ref = await joiner();
          if (ref) {
            const { environment, moduleName, executionId } = ref;
            await this.slots.acquire(environment, moduleName, executionId, this.subscription.fence);
          }
        });
      this.joining = join;
      await join;
    }
    // DeploymentStarted only counts in the metrics: not worth keeping through a crash.
    if (!ACTIONABLE.has(event.type) && event.type !== 'DeploymentStarted') return;
    const task: WorkflowTask = {
      eventId: recorded.id,
      executionId: streamId(recorded.streamName),
      revision: recorded.revision.toString(),
      type: event.type,
      data: event.data,
    };
    await this.tasks.dispatch(task, { durable: ACTIONABLE.has(event.type) });
  }

  /**
   * Who joins its module's slot queue with this event, if anyone: a request, and a rollback
   * (whose event does not name the module: read from the deployment, inside the chain).
   */
  private joinerOf(
    recorded: RecordedEvent,
    event: DeploymentEvent,
  ): (() => Promise<DeploymentRef | undefined>) | undefined {
    if (event.type === 'DeploymentRequested') {
      const { targetEnvironment: environment, moduleName, executionId, version } = event.data;
      return () => Promise.resolve({ environment, moduleName, executionId, version });
    }
    if (event.type !== 'DeploymentRollbackRequested') return undefined;
    const { rolloutId } = event.data;
    return async () => {
      const state = await this.commands.state(streamId(recorded.streamName), recorded.revision);
      // Only while that rollback is under way: one delivered again after it ended must not put
      // the deployment back in the queue, where nothing would take it out.
      return state.status === 'RollingBack' && state.rolloutId === rolloutId
        ? refOf(state)
        : undefined;
    };
  }

  /** One event's reaction, on the deployment's state as it is now. */
  private async reactTo(task: WorkflowTask): Promise<void> {
    const event = { type: task.type, data: task.data } as DeploymentEvent;
    const revision = BigInt(task.revision);
    const state = await this.commands.state(task.executionId, revision);
    this.metrics.record(event, state);
    for (const action of react(event, state)) {
      switch (action.type) {
        case 'acquireSlot':
          await this.acquireSlot(action.deployment, task.eventId, revision);
          break;
        case 'runStage':
          // react() asks to run a stage only for its StageStarted event.
          if (event.type !== 'StageStarted') break;
          // Before the work: a stage that never reports still ends, at its deadline.
          await this.deadlines.schedule(
            { executionId: task.executionId, stage: action.stage, causationId: task.eventId },
            event.data.startedAt,
          );
          if (state.status === 'Running') {
            await this.deadlines.scheduleDeployment(
              task.executionId,
              state.startedAt,
              action.stage,
            );
          }
          await this.stages.run(action, {
            eventId: task.eventId,
            revision,
            startedAt: event.data.startedAt,
          });
          break;
        case 'releaseSlot':
          await this.releaseSlot(action.deployment, task.eventId);
          break;
        case 'queueRevert': {
          const { environment, moduleName, executionId } = action.deployment;
          const { position } = await this.slots.acquire(
            environment,
            moduleName,
            executionId,
            this.subscription.fence,
          );
          // Not at the head: releaseSlot starts it when the slot comes to it.
          if (position === 0) await this.stages.startRevert(action, task.eventId, revision);
          break;
        }
        case 'requestApproval':
          await this.stages.requestApproval(action, task.eventId);
          break;
        default: {
          // Every action react() may ask for is carried out above.
          const unhandled: never = action;
          throw new Error(`No reaction for ${JSON.stringify(unhandled)}`);
        }
      }
    }
  }

  private async acquireSlot(
    deployment: DeploymentRef,
    causationId: string,
    seenRevision: bigint,
  ): Promise<void> {
    const { executionId, environment, moduleName } = deployment;
    // Joined already (handle()); asked again for the position now, which may have moved up.
    const { position, head } = await this.slots.acquire(
      environment,
      moduleName,
      executionId,
      this.subscription.fence,
    );
    const at = new Date().toISOString();
    await this.commands.execute(
      executionId,
      position === 0
        ? { type: 'StartDeployment', data: { at } }
        : { type: 'QueueDeployment', data: { behind: head, at } },
      { causationId, seenRevision },
    );
  }

  /**
   * Leaves the slot and starts whoever waits at the head (Pending or Queued: a head that has not
   * seen its own turn yet starts here just the same). A head that has already ended (left behind
   * by something unforeseen) is removed too, so one stray id cannot block a module for good.
   */
  private async releaseSlot(deployment: DeploymentRef, causationId: string): Promise<void> {
    const { environment, moduleName } = deployment;
    let leaving = deployment.executionId;
    for (;;) {
      const head = await this.slots.release(
        environment,
        moduleName,
        leaving,
        this.subscription.fence,
      );
      if (head === undefined) return;
      const next = await this.commands.state(head);
      if (next.status === 'Pending' || next.status === 'Queued') {
        const at = new Date().toISOString();
        await this.commands.execute(
          head,
          { type: 'StartDeployment', data: { at } },
          { causationId },
        );
        return;
      }
      if (next.status === 'RollingBack') {
        await this.stages.startRevert(queueRevert(refOf(next), next), causationId);
        return;
      }
      // Holds the slot (waiting for an approval, it is still in the middle of its pipeline).
      if (next.status === 'Running' || next.status === 'PendingApproval') return;
      this.logger.warn(
        { executionId: head, status: next.status },
        'removed an ended deployment from its slot queue',
      );
      leaving = head;
    }
  }
}
