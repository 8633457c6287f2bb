/**
 * Issue 12, break 9 (work falling off the table), as a user sees it: a service that restarts (here
 * the node-agent, SIGKILLed and started again about 3 s later) must not fail the deployments that
 * need it meanwhile (commands to it are tried again for the retry budget, 15 s); and an abort ends
 * a deployment whatever it is doing, not only a running rollout.
 */
import { eventually, HotSwapSystem, ServiceProcess } from '@hotswap/testing';
import { ApiClient } from './api-client.js';

const DOWN_MS = 3_000;

describe('nothing falls off the table, end to end', () => {
  let system: HotSwapSystem;
  let api: ApiClient;
  const restarted: ServiceProcess[] = [];

  beforeAll(async () => {
    // QA's Build takes a minute: a QA deployment holds its slot while the test acts on it.
    system = await HotSwapSystem.start({ HOTSWAP_STAGE_DURATIONS_MS: 'Development=0,QA=60000' });
    api = new ApiClient(system.gateway);
  }, 60_000);
  afterAll(async () => {
    for (const process of restarted) {
      process.signal('SIGTERM');
      await process.exitWithin(10_000).catch(() => process.kill());
    }
    await system?.stop();
  });

  it('completes a Development deployment while its node-agent is down for 3 s', async () => {
    const agent = system.processes.get('node-agent')!;
    agent.signal('SIGKILL');
    await agent.exitWithin(5_000);
    const killedAt = Date.now();

    const posted = await api.requestDeployment({
      requesterEmail: 'dev@example.com',
      moduleName: 'restart-api',
      version: '1.0.0',
      targetEnvironment: 'Development',
    });
    expect(posted.status).toBe(202);
    const executionId = posted.body['executionId'] as string;
    // The deploy stage has asked for the rollout (and may have ended already, as it did when a
    // node-agent away for 0.7 s failed it) while nothing answers for the nodes.
    await eventually(
      async () => {
        const { body } = await api.get<{ stages: { name: string; status: string }[] }>(
          `/api/v1/deployments/${executionId}`,
        );
        return body.stages?.some((s) => s.name === 'DeployToDevelopment' && s.status !== 'Pending');
      },
      { what: 'the deploy stage to start while the node-agent is down' },
    );
    // The fault's length, not a wait for async work: the node-agent stays away this long.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, killedAt + DOWN_MS - Date.now())),
    );
    const replacement = ServiceProcess.start('node-agent', system.env);
    restarted.push(replacement);
    await replacement.ready();

    const done = await api.waitForStatus(
      executionId,
      ['Completed', 'Failed', 'RolledBack'],
      30_000,
    );
    expect({ status: done.status, message: done.message }).toEqual({
      status: 'Completed',
      message: done.message,
    });
  }, 90_000);

  const abort = (executionId: string) => api.post(`/api/v1/deployments/${executionId}/abort`);
  const request = async (body: Record<string, unknown>) => {
    const posted = await api.requestDeployment({ requesterEmail: 'dev@example.com', ...body });
    expect(posted.status).toBe(202);
    return posted.body['executionId'] as string;
  };

  it('aborts a queued deployment, and one at a stage before its rollout', async () => {
    const first = await request({
      moduleName: 'abort-api',
      version: '1.0.0',
      targetEnvironment: 'QA',
    });
    await api.waitForStatus(first, ['Running']);
    const second = await request({
      moduleName: 'abort-api',
      version: '1.1.0',
      targetEnvironment: 'QA',
    });
    await api.waitForStatus(second, ['Queued']);

    expect(await abort(second)).toMatchObject({ status: 200, body: { status: 'Failed' } });
    expect((await api.waitForStatus(second, ['Failed'])).message).toBe(
      'Aborted by deployer before it started',
    );
    expect(await abort(first)).toMatchObject({ status: 200, body: { status: 'Failed' } });
    expect((await api.waitForStatus(first, ['Failed'])).message).toBe(
      'Aborted by deployer during Build',
    );
    // The slot is free again: the next deployment of the module starts.
    const third = await request({
      moduleName: 'abort-api',
      version: '1.2.0',
      targetEnvironment: 'QA',
    });
    await api.waitForStatus(third, ['Running']);
    expect(await abort(third)).toMatchObject({ status: 200 });
    // Asked again: the same answer; a completed deployment is rolled back, not aborted.
    expect(await abort(third)).toMatchObject({ status: 200, body: { status: 'Failed' } });
  }, 60_000);

  it('aborts a paused rollout: it rolls back', async () => {
    await api.waitForStatus(
      await request({
        moduleName: 'paused-api',
        version: '1.0.0',
        targetEnvironment: 'Development',
      }),
      ['Completed'],
    );
    const executionId = await request({
      moduleName: 'paused-api',
      version: '2.0.0',
      targetEnvironment: 'Development',
      strategy: 'Canary',
      overrides: { waveWaitMs: 60_000 },
    });
    await eventually(
      async () => {
        const paused = await api.post(`/api/v1/deployments/${executionId}/pause`);
        return paused.status === 200 && paused.body['rolloutStatus'] === 'Paused';
      },
      { what: `the rollout of ${executionId} to pause` },
    );
    expect(await abort(executionId)).toMatchObject({ status: 200 });
    const done = await api.waitForStatus(executionId, ['RolledBack'], 20_000);
    expect(done.message).toMatch(/aborted by deployer/);
  }, 60_000);
});
