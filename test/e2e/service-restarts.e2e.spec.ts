/**
 * Issue 12, break 9: a service that restarts (here the node-agent, SIGKILLed and started again
 * about 3 s later) must not fail the deployments that need it meanwhile. Commands to it are tried
 * again with back-off for the retry budget (15 s), which rides out the restart.
 */
import { eventually, HotSwapSystem, ServiceProcess } from '@hotswap/testing';
import { ApiClient } from './api-client.js';

const DOWN_MS = 3_000;

describe('a restart of a service, end to end', () => {
  let system: HotSwapSystem;
  let api: ApiClient;
  const restarted: ServiceProcess[] = [];

  beforeAll(async () => {
    system = await HotSwapSystem.start({ HOTSWAP_STAGE_DURATIONS_MS: '0' });
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
});
