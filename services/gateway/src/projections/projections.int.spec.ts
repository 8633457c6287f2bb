import { randomUUID } from 'node:crypto';
import { deploymentStream } from '@hotswap/contracts';
import { EventStore } from '@hotswap/event-store';
import { REDIS } from '@hotswap/service-host';
import { asEventData, completedRun, eventually, testToken } from '@hotswap/testing';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { intContext, type IntContext } from '../../test/int-context.js';
import { GatewayOptions } from '../gateway-options.js';
import { GetDeploymentController } from '../get-deployment/get-deployment.controller.js';
import { GetDeploymentHandler } from '../get-deployment/get-deployment.js';
import { PROJECTION_RESOURCES } from '../read-model/projection-resources.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { ActiveGenerations } from './active-generations.js';
import type { ReadModelStatus, RebuildStatus } from './projection-status.js';
import { ProjectionSupervisor } from './projection-supervisor.js';
import { ProjectionsController } from './projections.controller.js';

type Progress = { generation: number; rebuild: RebuildStatus | null };

/**
 * Rebuilding a read model while the API answers from it: the whole history projected again into
 * a new generation beside the active one, swapped in once caught up, the old one deleted after
 * the grace period. Each "instance" is a gateway's projections and API parts, as AppModule wires
 * them, on the test's own stream and Redis namespace.
 */
describe('projections: status and rebuild', () => {
  let context: IntContext;
  const instances: HttpApp[] = [];

  beforeEach(async () => {
    context = await intContext();
  });
  afterEach(async () => {
    await Promise.all(instances.splice(0).map((instance) => instance.close()));
    await context.close();
  });

  async function startInstance(owner: string): Promise<HttpApp> {
    const active = new ActiveGenerations();
    const keys = context.keys.followingGenerations((readModel) => active.of(readModel));
    const instance = await startHttpApp({
      controllers: [ProjectionsController, GetDeploymentController],
      providers: [
        { provide: REDIS, useValue: context.redis },
        { provide: EventStore, useValue: context.eventStore },
        { provide: ActiveGenerations, useValue: active },
        { provide: ReadModelKeys, useValue: keys },
        { provide: PROJECTION_RESOURCES, useValue: context.resources({ keys, owner }) },
        {
          provide: GatewayOptions,
          useValue: new GatewayOptions({
            projectionSupervisionMs: 50,
            retiredGenerationGraceMs: 300,
          }),
        },
        ProjectionSupervisor,
        GetDeploymentHandler,
      ],
    });
    instances.push(instance);
    return instance;
  }

  /** Records `count` deployments that ran their whole pipeline; their ids. */
  async function recordDeployments(count: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => randomUUID());
    for (let i = 0; i < ids.length; i += 50) {
      await Promise.all(
        ids
          .slice(i, i + 50)
          .map((executionId) =>
            context.eventStore.append(
              deploymentStream(executionId),
              asEventData(completedRun({ executionId })),
            ),
          ),
      );
    }
    return ids;
  }

  const get = (instance: HttpApp, path: string) => request('GET', `${instance.url}/api/v1${path}`);
  const progress = async (instance: HttpApp) =>
    (await get(instance, '/projections/deployments/rebuild')).body as Progress;
  const everyDeploymentListed = async (instance: HttpApp, ids: readonly string[]) => {
    const answers = await Promise.all(ids.map((id) => get(instance, `/deployments/${id}`)));
    return answers.every((answer) => answer.status === 200);
  };

  it('rebuilds under load while the API answers throughout, then deletes the old generation', async () => {
    const gateway = await startInstance('a');
    const before = await recordDeployments(200);
    await eventually(() => everyDeploymentListed(gateway, before), {
      what: 'the first deployments projected',
      timeoutMs: 20_000,
    });

    // Load: new deployments recorded, and known ones read, all along the rebuild.
    const during: string[] = [];
    const failures: string[] = [];
    let loading = true;
    const writing = (async () => {
      // About 50 deployments a second, each of its 12 events: a busy production system's rate.
      while (loading) {
        during.push(...(await recordDeployments(5)));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const reading = (async () => {
      let reads = 0;
      while (loading) {
        const id = before[reads++ % before.length]!;
        const answer = await get(gateway, `/deployments/${id}`);
        if (answer.status !== 200) failures.push(`${id}: ${answer.status}`);
      }
      return reads;
    })();

    const started = await request('POST', `${gateway.url}/api/v1/projections/deployments/rebuild`);
    expect(started.status).toBe(202);
    const { rebuild } = started.body as Progress;
    expect(rebuild).toMatchObject({ generation: 1, requestedBy: 'admin' });

    const again = await request('POST', `${gateway.url}/api/v1/projections/deployments/rebuild`);
    if ((await progress(gateway)).generation === 0) {
      expect(again.status).toBe(409);
      expect((again.body as { message: string }).message).toMatch(/rebuild .* in progress/);
    }

    await eventually(async () => (await progress(gateway)).generation === 1, {
      what: 'the rebuilt generation swapped in',
      timeoutMs: 30_000,
    });
    loading = false;
    await writing;
    const reads = await reading;

    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(10);
    expect(during.length).toBeGreaterThan(0);
    await eventually(() => everyDeploymentListed(gateway, [...before, ...during]), {
      what: 'every deployment, those recorded during the rebuild too, in the new generation',
      timeoutMs: 20_000,
    });

    // The replaced generation's keys and checkpoint go once the grace period is over.
    const { redis, keys } = context;
    await eventually(
      async () => (await redis.keys(`${keys.readModelPrefix('deployments', 0)}:*`)).length === 0,
      { what: 'generation 0 deleted', timeoutMs: 10_000 },
    );
    expect(await redis.exists(`${keys.checkpointPrefix}gateway:projection:deployments`)).toBe(0);
    expect(
      (await redis.keys(`${keys.readModelPrefix('deployments', 1)}:doc:*`)).length,
    ).toBeGreaterThanOrEqual(before.length);

    const status = (await get(gateway, '/projections/deployments')).body as ReadModelStatus;
    expect(status).toMatchObject({ name: 'deployments', generation: 1, rebuild: null });
    expect(status.projections).toEqual([
      expect.objectContaining({
        subscriber: 'gateway:projection:deployments@1',
        category: 'deployment',
        checkpoint: expect.stringMatching(/^\d+$/) as string,
      }),
    ]);
  });

  it('lists every read model with its checkpoints and lag', async () => {
    const ids = await recordDeployments(3);
    const gateway = await startInstance('a');
    await eventually(() => everyDeploymentListed(gateway, ids), { what: 'projected' });
    // The checkpoint is written just behind the documents: wait for it rather than race it.
    const listed = await eventually(
      async () => {
        const answer = await get(gateway, '/projections');
        const { items } = answer.body as { items: ReadModelStatus[] };
        const deployments = items.find((item) => item.name === 'deployments');
        return deployments?.projections[0]?.lag === 0 && answer;
      },
      { what: 'the deployments checkpoint caught up' },
    );
    expect(listed.status).toBe(200);
    const { items, endPosition } = listed.body as { items: ReadModelStatus[]; endPosition: string };
    expect(BigInt(endPosition)).toBeGreaterThan(0n);
    expect(items.map((item) => item.name)).toEqual([
      'deployments',
      'nodes',
      'audit',
      'modules',
      'webhooks',
    ]);
    const deployments = items.find((item) => item.name === 'deployments')!;
    expect(deployments.projections).toEqual([
      {
        subscriber: 'gateway:projection:deployments',
        category: 'deployment',
        checkpoint: expect.stringMatching(/^\d+$/) as string,
        lag: 0,
        lagAtLeast: false,
      },
    ]);
    // The audit is one read model of five projections, one per category; none has applied any.
    const audit = items.find((item) => item.name === 'audit')!;
    expect(audit.projections.map((projection) => projection.category)).toEqual([
      'deployment',
      'rollout',
      'approval',
      'chaos',
      'module',
    ]);
    // Its deployment projection has applied the three (none had a person as actor: no entries).
    await eventually(
      async () => {
        const status = (await get(gateway, '/projections/audit')).body as ReadModelStatus;
        return status.projections[0]!.lag === 0 && status.projections[0]!.checkpoint !== null;
      },
      { what: 'the audit caught up' },
    );
  });

  it('a rebuild left by a stopped instance is finished by another', async () => {
    const ids = await recordDeployments(600);
    const first = await startInstance('a');
    await eventually(() => everyDeploymentListed(first, ids.slice(-5)), {
      what: 'projected',
      timeoutMs: 30_000,
    });
    expect(
      (await request('POST', `${first.url}/api/v1/projections/deployments/rebuild`)).status,
    ).toBe(202);
    // It stops once the rebuild is under way (it holds the rebuild's lease: no other instance yet).
    await eventually(async () => ((await progress(first)).rebuild?.eventsApplied ?? 0) > 0, {
      what: 'the rebuild under way',
    });
    const leftAt = (await progress(first)).rebuild;
    await instances.shift()!.close();

    const second = await startInstance('b');
    await eventually(async () => (await progress(second)).generation === 1, {
      what: 'the other instance finishing the rebuild',
      timeoutMs: 30_000,
    });
    expect(leftAt?.progress ?? 1).toBeLessThan(1);
    expect(await everyDeploymentListed(second, ids)).toBe(true);
  });

  it('refuses an unknown read model, naming the known ones', async () => {
    const gateway = await startInstance('a');
    for (const [method, path] of [
      ['GET', '/projections/nope'],
      ['POST', '/projections/nope/rebuild'],
      ['GET', '/projections/nope/rebuild'],
    ] as const) {
      const answer = await request(method, `${gateway.url}/api/v1${path}`);
      expect(answer.status).toBe(404);
      expect((answer.body as { message: string }).message).toBe(
        "No read model 'nope': there are deployments, nodes, audit, modules, webhooks",
      );
    }
    const asDeployer = await request(
      'POST',
      `${gateway.url}/api/v1/projections/deployments/rebuild`,
      undefined,
      { authorization: `Bearer ${testToken('deployer')}` },
    );
    expect(asDeployer.status).toBe(403);
  });
});
