import { eventually } from '@hotswap/testing';
import { OrchestratorHarness } from '../../test/orchestrator-harness.js';
import { STAGE_TIMERS_KEY_PREFIX } from './stage-timers.js';

const stageTimes = (events: { type: string; data: unknown }[], stage: string) => {
  const of = (type: string) =>
    events.find((e) => e.type === type && (e.data as { stage: string }).stage === stage)?.data as
      | { startedAt?: string; finishedAt?: string; message?: string }
      | undefined;
  const started = of('StageStarted');
  const succeeded = of('StageSucceeded');
  return {
    ms: Date.parse(succeeded?.finishedAt ?? '') - Date.parse(started?.startedAt ?? ''),
    message: succeeded?.message,
  };
};

describe('simulated stages with durations (durable timers)', () => {
  let harness: OrchestratorHarness;
  const env = {
    HOTSWAP_STAGE_DURATIONS_MS: 'Development=300,QA=1000,Staging=0',
    // Approvals have tests of their own (approval-watcher.int.spec.ts).
    HOTSWAP_STAGING_APPROVAL_REQUIRED: 'false',
  };
  beforeAll(async () => {
    harness = await OrchestratorHarness.start(env);
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('takes the configured time per environment for Build and Test', async () => {
    const dev = await harness.request({ moduleName: 'timed' });
    const staging = await harness.request({ moduleName: 'timed', targetEnvironment: 'Staging' });
    if (!dev.ok || !staging.ok) throw new Error('expected the requests to be recorded');
    const devEvents = await harness.waitFor(dev.executionId, 'DeploymentCompleted');
    for (const stage of ['Build', 'Test']) {
      const { ms, message } = stageTimes(devEvents, stage);
      expect(ms).toBeGreaterThanOrEqual(300);
      expect(message).toBe(`${stage} is simulated: succeeded after 300 ms`);
    }
    const stagingEvents = await harness.waitFor(staging.executionId, 'DeploymentCompleted');
    expect(stageTimes(stagingEvents, 'Build').message).toMatch(/succeeded at once/);
  });

  it('completes a stage whose timer was pending while the orchestrator was down', async () => {
    // QA's Build takes 1 s: time enough to stop the orchestrator before it is due.
    const reply = await harness.request({ moduleName: 'restarted', targetEnvironment: 'QA' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    const timer = `${reply.executionId}:Build`;
    await eventually(
      async () =>
        (await harness.redis.zrange(`${STAGE_TIMERS_KEY_PREFIX}:due`, 0, -1)).includes(timer),
      { what: 'the Build timer to be scheduled' },
    );
    await harness.stopOrchestrator();
    expect((await harness.events(reply.executionId)).map((e) => e.type)).not.toContain(
      'StageSucceeded',
    );

    await harness.startOrchestrator(env);
    const events = await harness.waitFor(reply.executionId, 'DeploymentCompleted');
    expect(stageTimes(events, 'Build').ms).toBeGreaterThanOrEqual(1000);
    expect(await harness.redis.zcard(`${STAGE_TIMERS_KEY_PREFIX}:due`)).toBe(0);
  });
});
