/**
 * First come, first served: two deployments of one module to one environment never run at once.
 * Stages take 300 ms here so the second request certainly arrives while the first runs.
 */
import { HotSwapSystem } from '@hotswap/testing';
import { ApiClient, type DeploymentView } from './api-client.js';

describe('deployments of one module to one environment', () => {
  let system: HotSwapSystem;
  let api: ApiClient;

  beforeAll(async () => {
    system = await HotSwapSystem.start({ HOTSWAP_STAGE_DURATIONS_MS: '300' });
    api = new ApiClient(system.gateway);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
  });

  const request = async (moduleName: string, version: string) => {
    const response = await api.requestDeployment({
      moduleName,
      version,
      targetEnvironment: 'Development',
      requesterEmail: 'dave@example.com',
    });
    expect(response.status).toBe(202);
    return response.body['executionId'] as string;
  };

  it('queues the later one until the earlier one ends, then runs it; other modules do not wait', async () => {
    const first = await request('billing', '1.0.0');
    await api.waitForStatus(first, ['Running']);
    const second = await request('billing', '1.1.0');
    const unrelated = await request('catalog', '3.0.0');

    const queued = await api.waitForStatus(second, ['Queued']);
    expect(queued.message ?? '').toContain(first);
    await api.waitForStatus(unrelated, ['Running', 'Completed']);

    const firstDone = await api.waitForStatus(first, ['Completed']);
    const secondDone = await api.waitForStatus(second, ['Completed']);
    expect(Date.parse(secondDone.startTime!)).toBeGreaterThanOrEqual(
      Date.parse(firstDone.endTime!),
    );
  });

  it('lists deployments newest first, filtered, a page at a time', async () => {
    const page1 = await api.get<{ items: DeploymentView[]; nextCursor: string | null }>(
      '/api/v1/deployments?moduleName=billing&limit=1',
    );
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.items[0]!.moduleVersion).toBe('1.1.0');
    const page2 = await api.get<{ items: DeploymentView[]; nextCursor: string | null }>(
      `/api/v1/deployments?moduleName=billing&limit=1&cursor=${encodeURIComponent(page1.body.nextCursor!)}`,
    );
    expect(page2.body.items.map((d) => d.moduleVersion)).toEqual(['1.0.0']);
    const completed = await api.get<{ items: DeploymentView[] }>(
      '/api/v1/deployments?environment=Development&status=Completed&limit=100',
    );
    expect(completed.body.items.every((d) => d.status === 'Completed')).toBe(true);
    expect((await api.get('/api/v1/deployments?limit=0')).status).toBe(400);
  });
});
