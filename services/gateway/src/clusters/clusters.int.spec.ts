import { nodeStream, telemetrySubject, type NodeTelemetry } from '@hotswap/contracts';
import { newEvent } from '@hotswap/event-store';
import { LOGGER, NATS_CONNECTION, REDIS } from '@hotswap/service-host';
import { eventually } from '@hotswap/testing';
import { pino } from 'pino';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { intContext, type IntContext } from '../../test/int-context.js';
import { GatewayOptions } from '../gateway-options.js';
import { nodesProjection } from '../nodes-projection/nodes-projection.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { TelemetryListener } from '../telemetry/telemetry-listener.js';
import type { ClusterView } from './get-clusters.js';
import { ClustersController } from './clusters.controller.js';
import { GetClustersHandler } from './get-clusters.js';

const now = new Date('2025-01-01T10:00:00.000Z');
const TTL_MS = 60_000;

describe('GET /api/v1/clusters, from the nodes projection and telemetry', () => {
  let context: IntContext;
  let app: HttpApp;
  let subjectRoot: string;

  function publish(telemetry: Partial<NodeTelemetry> & Pick<NodeTelemetry, 'nodeId'>): void {
    const full: NodeTelemetry = {
      environment: 'Development',
      cpuPercent: 20,
      memoryPercent: 30,
      latencyMs: 5,
      errorRate: 0,
      modules: {},
      heartbeatAt: new Date(now.getTime() - 10_000).toISOString(),
      ...telemetry,
    };
    context.nc.publish(
      `${subjectRoot}.${telemetrySubject(full.environment, full.nodeId)}`,
      JSON.stringify(full),
    );
  }

  async function cluster(environment: string): Promise<ClusterView> {
    const response = await request('GET', `${app.url}/api/v1/clusters/${environment}`);
    expect(response.status).toBe(200);
    return response.body as ClusterView;
  }

  beforeAll(async () => {
    context = await intContext();
    subjectRoot = context.name;
    const projection = nodesProjection(context.resources());
    projection.start();
    let position = 0n;
    for (const nodeId of ['development-01', 'development-02']) {
      const installed = {
        nodeId,
        moduleName: 'billing',
        version: '1.0.0',
        previousVersion: null,
        installedAt: now.toISOString(),
      };
      ({ position } = await context.eventStore.append(nodeStream(nodeId), [
        newEvent('ModuleInstalled', installed),
      ]));
    }
    await projection.processedUpTo(position);
    await projection.stop();

    app = await startHttpApp({
      controllers: [ClustersController],
      providers: [
        GetClustersHandler,
        TelemetryListener,
        { provide: NATS_CONNECTION, useValue: context.nc },
        { provide: REDIS, useValue: context.redis },
        { provide: ReadModelKeys, useValue: context.keys },
        { provide: LOGGER, useValue: pino({ enabled: false }) },
        {
          provide: GatewayOptions,
          useValue: new GatewayOptions({
            telemetrySubject: `${subjectRoot}.hotswap.node.*.*.telemetry`,
            telemetryTtlMs: TTL_MS,
            now: () => now,
          }),
        },
      ],
    });
    context.nc.publish(`${subjectRoot}.hotswap.node.Development.bad.telemetry`, 'not json');
    publish({ nodeId: 'development-02', cpuPercent: 40, modules: { billing: '0.9.0' } });
    publish({ nodeId: 'development-03', cpuPercent: 95, memoryPercent: 50 });
    publish({ nodeId: 'qa-01', environment: 'QA', memoryPercent: 60 });
    await eventually(async () => (await cluster('QA')).nodes.length === 1, {
      what: 'the telemetry to be stored',
    });
    await eventually(async () => (await cluster('Development')).nodes.length === 3, {
      what: 'the telemetry to be stored',
    });
  });
  afterAll(async () => {
    await app.close();
    await context.close();
  });

  it('lists the nodes known from events or telemetry, with modules, telemetry and health', async () => {
    const development = await cluster('development');
    expect(development.environment).toBe('Development');
    expect(development.nodes.map((node) => [node.nodeId, node.modules, node.healthy])).toEqual([
      ['development-01', { billing: '1.0.0' }, false],
      // The node's events say which version it runs, whatever its telemetry said last.
      ['development-02', { billing: '1.0.0' }, true],
      ['development-03', {}, false],
    ]);
    expect(development.nodes[0]!.lastTelemetry).toBeNull();
    expect(development.nodes[1]!.lastTelemetry).toMatchObject({
      nodeId: 'development-02',
      cpuPercent: 40,
    });
    expect(development.summary).toEqual({
      total: 3,
      healthy: 1,
      unhealthy: 2,
      averageCpuPercent: 67.5,
      averageMemoryPercent: 40,
    });
  });

  it('keeps telemetry for a limited time only', async () => {
    const ttl = await context.redis.pttl(context.keys.telemetry('development-02'));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(TTL_MS);
  });

  it('summarises every environment', async () => {
    const response = await request('GET', `${app.url}/api/v1/clusters`);
    expect(response.status).toBe(200);
    const { clusters } = response.body as { clusters: Array<Omit<ClusterView, 'nodes'>> };
    expect(clusters.map((c) => [c.environment, c.summary.total, c.summary.healthy])).toEqual([
      ['Development', 3, 1],
      ['QA', 1, 1],
      ['Staging', 0, 0],
      ['Production', 0, 0],
    ]);
  });

  it('answers 404 with a message for an unknown environment', async () => {
    const response = await request('GET', `${app.url}/api/v1/clusters/Moon`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message:
        "No environment is called 'Moon': expected one of Development, QA, Staging, Production",
    });
  });
});
