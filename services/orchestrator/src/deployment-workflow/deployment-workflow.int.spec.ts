import { eventually } from '@hotswap/testing';
import { OrchestratorHarness } from '../../test/orchestrator-harness.js';
import { SlotQueue } from './slot-queue.js';

/**
 * Whole deployments through the orchestrator (AppModule) over real NATS, JetStream and Redis, with
 * fake strategy-runner and node-agent responders.
 */
describe('the deployment workflow', () => {
  let harness: OrchestratorHarness;
  beforeAll(async () => {
    harness = await OrchestratorHarness.start({ HOTSWAP_COMMAND_RETRY_BUDGET_MS: '300' });
  });
  afterAll(async () => {
    await harness?.close();
  });

  const metricsShowing = (line: string) =>
    eventually(
      async () => {
        const metrics = await harness.metrics.metrics();
        return metrics.includes(line) && metrics;
      },
      { what: line },
    );
  const types = (events: { type: string }[]) => events.map((event) => event.type);
  const stagesOf = (events: { type: string; data: unknown }[]) =>
    events
      .filter((event) => event.type.startsWith('Stage'))
      .map((event) => `${event.type}:${(event.data as { stage: string }).stage}`);

  it('runs a Development deployment through every stage to Completed', async () => {
    const reply = await harness.request({ moduleName: 'payment-processor' });
    expect(reply).toMatchObject({ ok: true, status: 'Pending', created: true });
    if (!reply.ok) return;
    const events = await harness.waitFor(reply.executionId, 'DeploymentCompleted');

    expect(types(events)).toEqual([
      'DeploymentRequested',
      'DeploymentStarted',
      'StageStarted',
      'StageSucceeded',
      'StageStarted',
      'StageSucceeded',
      'StageStarted',
      'StageSucceeded',
      'StageStarted',
      'StageSucceeded',
      'StageStarted',
      'StageSucceeded',
      'DeploymentCompleted',
    ]);
    expect(stagesOf(events).filter((s) => s.startsWith('StageSucceeded'))).toEqual([
      'StageSucceeded:Build',
      'StageSucceeded:Test',
      'StageSucceeded:SecurityScan',
      'StageSucceeded:DeployToDevelopment',
      'StageSucceeded:Validation',
    ]);
    const messages = events
      .filter((event) => event.type === 'StageSucceeded')
      .map((event) => (event.data as { message: string }).message);
    // An unregistered module: Development is not strict, so SecurityScan warns and goes on.
    expect(messages[2]).toMatch(
      /^Warning, not verified \(Development is not strict\): payment-processor 2\.1\.0 is not registered/,
    );
    expect(messages[3]).toBe('Direct rollout: 3 of 3 nodes updated to payment-processor 2.1.0');
    expect(messages[4]).toBe('All 3 nodes run payment-processor 2.1.0');
    expect(events.every((event) => event.metadata.correlationId === reply.executionId)).toBe(true);

    const rollout = harness.strategyRunner.received.find((c) => c.rolloutId === reply.executionId);
    expect(rollout).toMatchObject({
      executionId: reply.executionId,
      strategy: 'Direct',
      moduleName: 'payment-processor',
      version: '2.1.0',
      actor: 'service:orchestrator',
      commandId: `${events[8]!.id}:StartRollout`, // derived from StageStarted(DeployToDevelopment)
    });

    // Counted when the workflow handles the event, a moment after it is stored.
    const metrics = await metricsShowing(
      'deployments_completed_total{environment="Development"} 1',
    );
    expect(metrics).toContain('deployments_started_total{environment="Development"} 1');
    expect(metrics).toMatch(/deployment_duration_seconds_count\{environment="Development"\} 1/);
  });

  it('answers a repeated request with the same deployment, and refuses other data under its id', async () => {
    const first = await harness.request({ moduleName: 'repeat-me' });
    if (!first.ok) throw new Error('expected the request to be recorded');
    const again = await harness.request({
      moduleName: 'repeat-me',
      executionId: first.executionId,
    });
    expect(again).toMatchObject({ ok: true, executionId: first.executionId, created: false });
    const other = await harness.request({
      moduleName: 'repeat-me',
      executionId: first.executionId,
      version: '9.9.9',
    });
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const events = await harness.waitFor(first.executionId, 'DeploymentCompleted');
    expect(types(events).filter((type) => type === 'DeploymentRequested')).toHaveLength(1);
  });

  it('refuses an invalid request, naming the fields, and records nothing', async () => {
    const reply = await harness.request({
      moduleName: 'Bad Name',
      version: 'latest',
      executionId: 'no spaces allowed',
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(!reply.ok && Object.keys(reply.error.fields ?? {}).sort()).toEqual([
      'executionId',
      'moduleName',
      'version',
    ]);
    const executionId = 'valid-id-bad-module';
    await harness.request({ executionId, moduleName: 'Bad Name' });
    expect(await harness.events(executionId)).toEqual([]);
  });

  it('fails the deploy stage with the rollout reason when the rollout fails', async () => {
    harness.strategyRunner.behave('failing-rollout', {
      kind: 'fail',
      reason: 'development-02: disk full',
    });
    const reply = await harness.request({ moduleName: 'failing-rollout' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    const events = await harness.waitFor(reply.executionId, 'DeploymentFailed');
    expect(events.at(-2)).toMatchObject({
      type: 'StageFailed',
      data: { stage: 'DeployToDevelopment', reason: 'Rollout failed: development-02: disk full' },
    });
    expect(events.at(-1)).toMatchObject({
      type: 'DeploymentFailed',
      data: { stage: 'DeployToDevelopment', reason: 'Rollout failed: development-02: disk full' },
    });
    await metricsShowing('deployments_failed_total{environment="Development"} 1');
  });

  it('fails the deploy stage when the strategy-runner refuses the rollout', async () => {
    harness.strategyRunner.behave('refused', { kind: 'refuse', message: 'strategy not supported' });
    const reply = await harness.request({ moduleName: 'refused' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    const events = await harness.waitFor(reply.executionId, 'DeploymentFailed');
    expect(events.at(-1)).toMatchObject({
      data: {
        stage: 'DeployToDevelopment',
        reason: 'strategy-runner refused the rollout (CONFLICT): strategy not supported',
      },
    });
  });

  it('fails Validation naming the nodes that do not run the version, and rolls back', async () => {
    harness.strategyRunner.behave('half-deployed', { kind: 'succeed', skip: ['development-03'] });
    const reply = await harness.request({ moduleName: 'half-deployed' });
    if (!reply.ok) throw new Error('expected the request to be recorded');
    const events = await harness.waitFor(reply.executionId, 'DeploymentReverted');
    expect(events.find((e) => e.type === 'StageFailed')).toMatchObject({
      data: {
        stage: 'Validation',
        reason: '1 of 3 nodes do not run half-deployed 2.1.0: development-03 (not installed)',
      },
    });
  });

  it('fails the deploy stage when no strategy-runner answers, and goes on with the next deployment', async () => {
    harness.strategyRunner.stop();
    try {
      const reply = await harness.request({ moduleName: 'nobody-home' });
      if (!reply.ok) throw new Error('expected the request to be recorded');
      const events = await harness.waitFor(reply.executionId, 'DeploymentFailed');
      expect(events.at(-1)).toMatchObject({
        data: {
          stage: 'DeployToDevelopment',
          reason: expect.stringMatching(/^strategy-runner unavailable: /) as string,
        },
      });
    } finally {
      harness.strategyRunner.start();
    }
    const next = await harness.request({ moduleName: 'nobody-home' });
    if (!next.ok) throw new Error('expected the request to be recorded');
    await harness.waitFor(next.executionId, 'DeploymentCompleted');
  });

  it('queues a second deployment of one module to one environment until the first ends', async () => {
    harness.strategyRunner.behave('one-at-a-time', { kind: 'hold' });
    const first = await harness.request({ moduleName: 'one-at-a-time' });
    const second = await harness.request({ moduleName: 'one-at-a-time', version: '2.2.0' });
    // Another environment is not held up.
    const elsewhere = await harness.request({
      moduleName: 'one-at-a-time',
      targetEnvironment: 'QA',
    });
    if (!first.ok || !second.ok || !elsewhere.ok)
      throw new Error('expected requests to be recorded');

    const queued = await harness.waitFor(second.executionId, 'DeploymentQueued');
    expect(queued.at(-1)).toMatchObject({ data: { behind: first.executionId } });
    const held = await eventually(
      () => {
        const received = harness.strategyRunner.received.filter(
          (c) => c.moduleName === 'one-at-a-time',
        );
        return received.length === 2 && received;
      },
      { what: 'the first and the QA rollout to be held' },
    );
    expect(held.map((c) => c.targetEnvironment).sort()).toEqual(['Development', 'QA']);
    expect(types(await harness.events(second.executionId))).toEqual([
      'DeploymentRequested',
      'DeploymentQueued',
    ]);

    await harness.strategyRunner.finish(held.find((c) => c.rolloutId === first.executionId)!);
    const firstEvents = await harness.waitFor(first.executionId, 'DeploymentCompleted');
    const secondStarted = await harness.waitFor(second.executionId, 'DeploymentStarted');
    expect(secondStarted.find((e) => e.type === 'DeploymentStarted')!.position).toBeGreaterThan(
      firstEvents.at(-1)!.position,
    );
    const secondRollout = await eventually(
      () => harness.strategyRunner.received.find((c) => c.rolloutId === second.executionId),
      { what: "the second deployment's rollout" },
    );
    await harness.strategyRunner.finish(secondRollout);
    await harness.strategyRunner.finish(held.find((c) => c.rolloutId === elsewhere.executionId)!);
    await harness.waitFor(second.executionId, 'DeploymentCompleted');
    await harness.waitFor(elsewhere.executionId, 'DeploymentCompleted');
  });

  it('queues many requests of one module in the order the store recorded them', async () => {
    // The workflow handles deployments side by side; joining the queue must still follow the store.
    harness.strategyRunner.behave('crowded', { kind: 'hold' });
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        harness.request({ moduleName: 'crowded', version: `3.0.${i}` }),
      ),
    );
    const ids = replies.map((reply) => {
      if (!reply.ok) throw new Error('expected the request to be recorded');
      return reply.executionId;
    });
    const requestedAt = new Map(
      await Promise.all(
        ids.map(async (id) => [id, (await harness.events(id))[0]!.position] as const),
      ),
    );
    const storeOrder = [...ids].sort((a, b) =>
      requestedAt.get(a)! < requestedAt.get(b)! ? -1 : 1,
    );
    const queue = await eventually(
      async () => {
        const joined = await new SlotQueue(harness.redis).queue('Development', 'crowded');
        return joined.length === ids.length && joined;
      },
      { what: 'every request in the queue' },
    );
    expect(queue).toEqual(storeOrder);
    const held = await eventually(
      () => harness.strategyRunner.received.find((c) => c.moduleName === 'crowded'),
      { what: 'the first rollout' },
    );
    expect(held.rolloutId).toBe(storeOrder[0]);
  });
});
