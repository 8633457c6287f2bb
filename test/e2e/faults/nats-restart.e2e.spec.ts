/**
 * Issue 12, break 1, as an operator met it: nats-server is killed with SIGKILL and started again
 * on the same port and data folder while the five services keep running. Deployments asked for
 * afterwards must go through their whole pipeline, the read models must follow, and every
 * service must be ready again, without restarting a service.
 */
import path from 'node:path';
import {
  eventually,
  HotSwapSystem,
  startNats,
  startRedis,
  testInfrastructure,
  uniqueName,
  type LocalServer,
} from '@hotswap/testing';
import { ApiClient } from '../api-client.js';

describe('the services across a nats-server crash and restart', () => {
  let nats: LocalServer;
  let redis: LocalServer;
  let natsDir: string;
  let system: HotSwapSystem;
  let api: ApiClient;

  beforeAll(async () => {
    const dir = path.join(testInfrastructure().tmpDir, uniqueName('nats-restart'));
    natsDir = path.join(dir, 'nats');
    nats = await startNats({ dataDir: natsDir });
    redis = await startRedis({ dataDir: path.join(dir, 'redis') });
    system = await HotSwapSystem.start(
      { HOTSWAP_STAGE_DURATIONS_MS: '0' },
      { natsUrl: nats.url, redisUrl: redis.url },
    );
    api = new ApiClient(system.gateway);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
    await Promise.all([nats?.stop(), redis?.stop()]);
  });

  const deploy = async (moduleName: string) => {
    const posted = await eventually(
      async () => {
        const answer = await api.requestDeployment({
          moduleName,
          version: '1.0.0',
          targetEnvironment: 'Development',
          requesterEmail: 'ops@example.com',
        });
        return answer.status === 202 && answer;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: `a 202 for ${moduleName}` },
    );
    return posted.body['executionId'] as string;
  };

  const everyServiceReady = () =>
    eventually(
      async () => {
        const answers = await Promise.all(
          [...system.urls.values()].map((url) =>
            fetch(`${url}/health/ready`).then((r) => r.status),
          ),
        );
        return answers.every((status) => status === 200);
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'every service ready' },
    );

  it('completes deployments asked for after the restart, and every service is ready again', async () => {
    const before = await deploy('restart-before');
    await api.waitForStatus(before, ['Completed'], 30_000);

    await nats.kill();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    nats = await startNats({ dataDir: natsDir, port: nats.port });

    const after = [];
    for (let i = 0; i < 5; i++) after.push(await deploy(`restart-after-${i}`));
    for (const executionId of after) await api.waitForStatus(executionId, ['Completed'], 45_000);
    await everyServiceReady();
    // The read model written before the crash still answers.
    expect((await api.get(`/api/v1/deployments/${before}`)).status).toBe(200);
  }, 150_000);
});
