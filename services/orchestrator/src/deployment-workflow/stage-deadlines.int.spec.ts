import { SUBJECTS, type ControlRollout } from '@hotswap/contracts';
import { OrchestratorHarness } from '../../test/orchestrator-harness.js';

/**
 * Issue 12, break 9: a stage that cannot finish held its deployment (and the module's slot) for
 * good. Every stage now ends at its deadline, as a durable timer, with the reason recorded.
 */
describe('stage deadlines (durable timers)', () => {
  let harness: OrchestratorHarness;
  beforeAll(async () => {
    harness = await OrchestratorHarness.start({
      // QA's Build would take a minute: longer than its deadline.
      HOTSWAP_STAGE_DURATIONS_MS: 'Development=0,QA=60000',
      HOTSWAP_STAGE_DEADLINE_MS: '1000',
      HOTSWAP_ROLLBACK_DEADLINE_MS: '1000',
      HOTSWAP_COMMAND_RETRY_BUDGET_MS: '300',
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const failure = async (executionId: string) => {
    const events = await harness.waitFor(executionId, 'DeploymentFailed', 15_000);
    return events.at(-1)!.data as { stage: string; reason: string };
  };

  it('fails a stage still running at its deadline, with the reason', async () => {
    const reply = await harness.request({ moduleName: 'slow-build', targetEnvironment: 'QA' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    expect(await failure(reply.executionId)).toEqual(
      expect.objectContaining({
        stage: 'Build',
        reason: 'Build did not finish within its deadline of 1000 ms (HOTSWAP_STAGE_DEADLINE_MS)',
      }),
    );
  });

  it('fails a deploy stage whose rollout never reports and cannot be aborted, a rollback deadline later', async () => {
    // The rollout started (RolloutStarted is stored) and nobody answers its abort: it may still
    // act, so the stage does not fail at once (which would free the slot under it); the fence
    // finds it started, and the stage fails once the rollback deadline has passed too.
    harness.strategyRunner.behave('silent-rollout', { kind: 'hold' });
    const reply = await harness.request({ moduleName: 'silent-rollout' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    const { stage, reason } = await failure(reply.executionId);
    expect(stage).toBe('DeployToDevelopment');
    expect(reason).toMatch(
      /^DeployToDevelopment did not finish within its deadline of 1000 ms \(HOTSWAP_STAGE_DEADLINE_MS\); its rollout had started, got no answer to an abort at .+ and did not end within 1000 ms$/,
    );
    const rollout = await harness.store.readStream(`rollout-${reply.executionId}`);
    expect(rollout.map((event) => event.type)).toEqual(['RolloutStarted']);
  });

  it('asks a late rollout to abort first, and fails the stage when it still has not ended', async () => {
    harness.strategyRunner.behave('stuck-rollout', { kind: 'hold' });
    const aborts: ControlRollout[] = [];
    const controls = harness.nc.subscribe(SUBJECTS.controlRollout, {
      callback: (_error, msg) => {
        const packet = JSON.parse(new TextDecoder().decode(msg.data)) as {
          id: string;
          data: ControlRollout;
        };
        aborts.push(packet.data);
        const response = { ok: true, rolloutId: packet.data.rolloutId, status: 'Running' };
        msg.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
      },
    });
    try {
      const reply = await harness.request({ moduleName: 'stuck-rollout' });
      if (!reply.ok) throw new Error('expected the request to be recorded');
      const { stage, reason } = await failure(reply.executionId);
      expect(stage).toBe('DeployToDevelopment');
      expect(reason).toMatch(
        /^DeployToDevelopment did not finish within its deadline of 1000 ms \(HOTSWAP_STAGE_DEADLINE_MS\); its rollout, asked to abort at .+, did not end within 1000 ms$/,
      );
      expect(aborts).toEqual([
        expect.objectContaining({
          rolloutId: reply.executionId,
          action: 'abort',
          actor: 'service:orchestrator',
        }),
      ]);
    } finally {
      controls.unsubscribe();
    }
  });
});

describe('the deployment deadline (durable timer)', () => {
  let harness: OrchestratorHarness;
  beforeAll(async () => {
    harness = await OrchestratorHarness.start({
      // Each of QA's simulated stages is in time; together they are not.
      HOTSWAP_STAGE_DURATIONS_MS: 'QA=800',
      HOTSWAP_STAGE_DEADLINE_MS: '5000',
      HOTSWAP_DEPLOYMENT_DEADLINE_MS: '1200',
    });
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('ends the stage running when the deployment is due, with the reason', async () => {
    const reply = await harness.request({ moduleName: 'slow-pipeline', targetEnvironment: 'QA' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    const events = await harness.waitFor(reply.executionId, 'DeploymentFailed', 15_000);
    expect(events.at(-1)!.data).toEqual(
      expect.objectContaining({
        stage: 'Test',
        reason:
          'the deployment did not finish within its deadline of 1200 ms (HOTSWAP_DEPLOYMENT_DEADLINE_MS)',
      }),
    );
  });
});
