/**
 * Issue 6's `hotswap projections` as an operator meets it, on the whole system with two gateway
 * instances: status and list; a rebuild of the deployments read model while the API answers;
 * the gateway running the rebuild killed (SIGKILL) half-way, the other one finishing it from its
 * checkpoint; bad usage and an unknown read model.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { deploymentStream } from '@hotswap/contracts';
import { JetStreamEventStore } from '@hotswap/event-store';
import { asEventData, completedRun, eventually, HotSwapSystem, testToken } from '@hotswap/testing';
import { ApiClient } from './api-client.js';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'tools/cli/dist/main.js');

interface Progress {
  readonly generation: number;
  readonly rebuild: { readonly generation: number; readonly eventsApplied: number } | null;
}

describe('hotswap projections, end to end', () => {
  let system: HotSwapSystem;
  let nc: NatsConnection;
  let store: JetStreamEventStore;
  let recorded: string[];

  beforeAll(async () => {
    system = await HotSwapSystem.start({ HOTSWAP_STAGE_DURATIONS_MS: '0' }, undefined, {
      extraInstances: { gateway: 1 },
    });
    nc = await connect({ servers: system.env['NATS_URL'] });
    store = await JetStreamEventStore.connect(nc, {
      streamName: system.env['HOTSWAP_JETSTREAM_STREAM']!,
      subjectPrefix: system.env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']!,
    });
    // A history long enough that a rebuild takes a moment: 1,500 deployments, 18,000 events.
    recorded = Array.from({ length: 1_500 }, (_, i) => `e2e-rebuild-${i}`);
    for (let i = 0; i < recorded.length; i += 100) {
      await Promise.all(
        recorded
          .slice(i, i + 100)
          .map((executionId) =>
            store.append(deploymentStream(executionId), asEventData(completedRun({ executionId }))),
          ),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await nc?.close();
    await system?.stop();
  });

  const gatewayUrls = () =>
    Promise.all(system.instances.get('gateway')!.map((instance) => instance.url()));
  const hotswap = (args: string[], gateway = system.gateway, token = testToken('admin')) =>
    spawnSync(process.execPath, [CLI, 'projections', ...args], {
      encoding: 'utf8',
      env: { ...process.env, HOTSWAP_TOKEN: token, HOTSWAP_GATEWAY_URL: gateway },
    });
  const progressAt = async (gateway: string) =>
    (await new ApiClient(gateway, 'admin').get<Progress>('/api/v1/projections/deployments/rebuild'))
      .body;
  const allListed = async (gateway: string) => {
    const api = new ApiClient(gateway, 'viewer');
    for (const id of [recorded[0]!, recorded[recorded.length - 1]!]) {
      if ((await api.get(`/api/v1/deployments/${id}`)).status !== 200) return false;
    }
    return true;
  };

  it('lists the read models and shows each projection’s checkpoint and lag', async () => {
    await eventually(() => allListed(system.gateway), { what: 'projected', timeoutMs: 60_000 });
    const list = hotswap(['list']);
    expect(list.stderr).toBe('');
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^read model\s+generation\s+state\s+lag$/);
    expect(list.stdout).toMatch(/^deployments\s+0\s+live\s+\d+$/m);

    const status = hotswap(['status', 'deployments', '--json']);
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      name: 'deployments',
      generation: 0,
      projections: [
        { subscriber: 'gateway:projection:deployments', category: 'deployment', lag: 0 },
      ],
      rebuild: null,
    });
  }, 90_000);

  it('rebuilds while the API answers; a gateway killed half-way is replaced by the other', async () => {
    const [first] = system.instances.get('gateway')!;
    const [firstUrl, secondUrl] = await gatewayUrls();
    // Asked of the first gateway, which starts projecting at once: it holds the rebuild's lease.
    const asked = await new ApiClient(firstUrl!, 'admin').post(
      '/api/v1/projections/deployments/rebuild',
    );
    expect(asked.status).toBe(202);
    // The operator follows it through the second (the CLI follows a rebuild in progress).
    const rebuild = spawn(
      process.execPath,
      [CLI, 'projections', 'rebuild', 'deployments', '--json'],
      {
        env: { ...process.env, HOTSWAP_TOKEN: testToken('admin'), HOTSWAP_GATEWAY_URL: secondUrl! },
      },
    );
    let output = '';
    rebuild.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => rebuild.on('exit', resolve));

    const underWay = await eventually(
      async () => {
        const progress = await progressAt(firstUrl!);
        return (progress.rebuild?.eventsApplied ?? 0) > 0 ? progress : undefined;
      },
      { what: 'the rebuild under way', timeoutMs: 20_000, intervalMs: 20 },
    );
    expect(underWay.generation).toBe(0);
    expect(underWay.rebuild).toMatchObject({ generation: 1 });
    await first!.kill();

    // The survivor answers from generation 0 until generation 1 is swapped in, then from it.
    const answers: number[] = [];
    while ((await progressAt(secondUrl!)).generation === 0) {
      answers.push(
        (await new ApiClient(secondUrl!, 'viewer').get(`/api/v1/deployments/${recorded[7]}`))
          .status,
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (answers.length > 600) throw new Error('the rebuild did not finish within a minute');
    }
    expect(new Set(answers)).toEqual(new Set([200]));
    expect(await exited).toBe(0);
    expect(JSON.parse(output)).toMatchObject({
      name: 'deployments',
      generation: 1,
      alreadyInProgress: true,
    });
    expect(await allListed(secondUrl!)).toBe(true);
    const status = JSON.parse(
      hotswap(['status', 'deployments', '--json'], secondUrl).stdout,
    ) as unknown;
    expect(status).toMatchObject({ generation: 1, rebuild: null });
  }, 120_000);

  it('says what is wrong with a bad call (2) and an unknown read model (1)', async () => {
    const gateway = (await gatewayUrls())[1]!;
    const usage = hotswap(['rebuild'], gateway);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^hotswap projections: Missing argument <name>/);
    expect(hotswap(['frobnicate'], gateway).stderr).toMatch(/Unknown action 'frobnicate'/);
    const unknown = hotswap(['rebuild', 'nope'], gateway);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(
      "hotswap projections: 404: No read model 'nope': there are deployments, nodes, audit, modules, webhooks\n",
    );
    const asDeployer = hotswap(['list'], gateway, testToken('deployer'));
    expect(asDeployer.status).toBe(1);
    expect(asDeployer.stderr).toMatch(/^hotswap projections: 403: /);
  });
});
