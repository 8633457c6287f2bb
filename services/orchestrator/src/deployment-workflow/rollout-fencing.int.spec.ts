import { rolloutStream, SUBJECTS, type RollBackDeploymentReply } from '@hotswap/contracts';
import { CommandHandler, DomainRuleViolated } from '@hotswap/event-sourcing';
import { sendCommand } from '@hotswap/messaging';
import { rolloutDecider } from '@hotswap/rollout-domain';
import { eventually, uniqueName } from '@hotswap/testing';
import { OrchestratorHarness } from '../../test/orchestrator-harness.js';
import { DeploymentWorkflow } from './deployment-workflow.js';
import { SlotQueue } from './slot-queue.js';

const TASKS_KEY = 'hotswap:orchestrator:workflow-tasks';

/**
 * Issue 12, breaks 4, 6 and 10, through the orchestrator (AppModule) over real NATS, JetStream and
 * Redis with a fake strategy-runner: a rollout given up on is fenced, and the module's slot is
 * freed only when no rollout of the deployment can act; a rollback takes the slot like a
 * deployment; a failed Validation rolls the nodes back.
 */
describe('fencing rollouts and queueing rollbacks', () => {
  let harness: OrchestratorHarness;
  beforeAll(async () => {
    harness = await OrchestratorHarness.start({
      // Gives up on a command after 0.6 s of tries (ADR 0011).
      HOTSWAP_COMMAND_RETRY_BUDGET_MS: '600',
      HOTSWAP_ORCHESTRATOR_COMMAND_TIMEOUT_MS: '300',
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const types = (events: { type: string }[]) => events.map((event) => event.type);
  const requested = async (moduleName: string, version = '2.1.0') => {
    const reply = await harness.request({ moduleName, version });
    if (!reply.ok) throw new Error(`expected the request to be recorded: ${reply.error.message}`);
    return reply.executionId;
  };
  /** The StageStarted of the deploy stage, once its reaction (the rollout's start) is done. */
  const deployStageHandled = async (executionId: string) => {
    const deploy = await eventually(
      async () =>
        (await harness.events(executionId)).find(
          (e) =>
            e.type === 'StageStarted' &&
            (e.data as { stage: string }).stage === 'DeployToDevelopment',
        ),
      { what: `the deploy stage of ${executionId}` },
    );
    await eventually(async () => (await harness.redis.hexists(TASKS_KEY, deploy.id)) === 0, {
      what: 'the reaction to the deploy stage to be done',
    });
  };
  const startedLate = (executionId: string) =>
    new CommandHandler(harness.store, rolloutDecider).handle(
      rolloutStream(executionId),
      {
        type: 'StartRollout',
        rolloutId: executionId,
        executionId,
        moduleName: 'late-runner',
        version: '2.1.0',
        targetEnvironment: 'Development',
        strategy: 'Direct',
        settings: { strategy: 'Direct' },
        nodes: ['development-01'],
        at: new Date().toISOString(),
      },
      {
        causationId: uniqueName('late'),
        metadata: {
          correlationId: executionId,
          actor: 'test',
          timestamp: new Date().toISOString(),
        },
      },
    );

  it('fences a rollout it gave up on, so a runner that gets the command late cannot start it', async () => {
    harness.strategyRunner.behave('late-runner', { kind: 'silent' });
    const executionId = await requested('late-runner');
    const events = await harness.waitFor(executionId, 'DeploymentFailed');
    expect(events.at(-1)).toMatchObject({
      data: {
        stage: 'DeployToDevelopment',
        reason: expect.stringMatching(/^strategy-runner unavailable/) as string,
      },
    });
    // What the strategy-runner's StartRollout does when the command reaches it now.
    const late = await startedLate(executionId).then(
      () => 'started',
      (e: unknown) => (e instanceof DomainRuleViolated ? e.rule : String(e)),
    );
    expect(late).toBe('rollout-fenced');
    expect(types(await harness.store.readStream(rolloutStream(executionId)))).toEqual([
      'RolloutFenced',
    ]);
  });

  it('keeps the stage and the slot while a rollout it gave up on runs after all', async () => {
    harness.strategyRunner.behave('slow-answer', { kind: 'startSilently' });
    const first = await requested('slow-answer');
    const second = await requested('slow-answer', '2.2.0');
    await deployStageHandled(first);
    // Given up on, but RolloutStarted is stored: the deployment goes on, the next one waits.
    expect(types(await harness.events(first)).at(-1)).toBe('StageStarted');
    expect(types(await harness.events(second))).toEqual([
      'DeploymentRequested',
      'DeploymentQueued',
    ]);
    const rollout = harness.strategyRunner.received.find((c) => c.rolloutId === first)!;
    await harness.strategyRunner.finish(rollout);
    await harness.waitFor(first, 'DeploymentCompleted');
    await harness.waitFor(second, 'DeploymentStarted');
  });

  it('fails Validation by rolling the nodes back, then ends RolledBack', async () => {
    harness.strategyRunner.behave('half-rolled', { kind: 'succeed', skip: ['development-03'] });
    const executionId = await requested('half-rolled');
    const events = await harness.waitFor(executionId, 'DeploymentReverted');
    expect(types(events).slice(-3)).toEqual([
      'StageFailed',
      'DeploymentRollbackRequested',
      'DeploymentReverted',
    ]);
    const revert = harness.strategyRunner.received.find(
      (c) => c.rolloutId === `${executionId}-rollback`,
    );
    expect(revert).toMatchObject({ revert: { of: executionId } });
    expect(revert?.revert).not.toHaveProperty('onlyIfCurrent');
    const versions = harness.cluster.nodesOf('Development').map((n) => n.modules['half-rolled']);
    expect(versions).toEqual([undefined, undefined, undefined]);
  });

  it('queues an operator’s rollback behind the deployment of the module under way', async () => {
    const first = await requested('queued-rollback', '1.0.0');
    await harness.waitFor(first, 'DeploymentCompleted');
    harness.strategyRunner.behave('queued-rollback', { kind: 'hold' });
    const second = await requested('queued-rollback', '1.1.0');
    await eventually(() => harness.strategyRunner.received.some((c) => c.rolloutId === second), {
      what: 'the second deployment to roll out',
    });
    const reply = await sendCommand<RollBackDeploymentReply>(
      harness.nc,
      SUBJECTS.rollBackDeployment,
      {
        commandId: uniqueName('cmd'),
        actor: 'ops@example.com',
        executionId: first,
      },
    );
    expect(reply).toMatchObject({ ok: true, status: 'RollingBack' });
    const asked = (await harness.waitFor(first, 'DeploymentRollbackRequested')).at(-1)!;
    await eventually(async () => (await harness.redis.hexists(TASKS_KEY, asked.id)) === 0, {
      what: 'the reaction to the rollback request to be done',
    });
    const slots = new SlotQueue(harness.redis);
    expect(await slots.queue('Development', 'queued-rollback')).toEqual([second, first]);
    expect(harness.strategyRunner.received.some((c) => c.rolloutId === `${first}-rollback`)).toBe(
      false,
    );

    await harness.strategyRunner.finish(
      harness.strategyRunner.received.find((c) => c.rolloutId === second)!,
    );
    await harness.waitFor(second, 'DeploymentCompleted');
    const revert = await eventually(
      () => harness.strategyRunner.received.find((c) => c.rolloutId === `${first}-rollback`),
      { what: 'the rollback to start once the slot is free' },
    );
    // An operator's rollback refuses to overwrite what a newer deployment put on the nodes.
    expect(revert.revert).toEqual({ of: first, onlyIfCurrent: true });
    await harness.waitFor(first, 'DeploymentReverted');
    // Its end frees the slot (a moment after it is stored).
    await eventually(
      async () => (await slots.queue('Development', 'queued-rollback')).length === 0,
      { what: 'the rollback to leave the slot' },
    );
    // The request delivered again (a checkpoint that lagged) does not take the slot again.
    await harness.app!.get(DeploymentWorkflow).handle(asked);
    expect(await slots.queue('Development', 'queued-rollback')).toEqual([]);
  });
});
