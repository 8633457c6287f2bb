import { telemetrySubject, type NodeTelemetry } from '@hotswap/contracts';
import { LOGGER, NATS_CONNECTION, REDIS } from '@hotswap/service-host';
import { eventually } from '@hotswap/testing';
import { pino } from 'pino';
import { request, startHttpApp } from '../../test/http-app.js';
import { intContext } from '../../test/int-context.js';
import { GatewayOptions } from '../gateway-options.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { TelemetryListener } from '../telemetry/telemetry-listener.js';
import { ClusterMetricsController } from './cluster-metrics.controller.js';
import { GetClusterMetricsHandler, type ClusterMetrics } from './get-cluster-metrics.js';

const T = Date.parse('2025-01-01T10:00:00.000Z');
const at = (seconds: number) => new Date(T + seconds * 1_000).toISOString();

type Reading = Partial<NodeTelemetry> & Pick<NodeTelemetry, 'nodeId'>;

/** The telemetry listener and the metrics endpoint on the run's NATS and Redis, with a clock. */
async function metricsGateway(limits: { retentionMs: number; maxSamples: number }) {
  const context = await intContext();
  const clock = { now: new Date(T) };
  const app = await startHttpApp({
    controllers: [ClusterMetricsController],
    providers: [
      GetClusterMetricsHandler,
      TelemetryListener,
      { provide: NATS_CONNECTION, useValue: context.nc },
      { provide: REDIS, useValue: context.redis },
      { provide: ReadModelKeys, useValue: context.keys },
      { provide: LOGGER, useValue: pino({ enabled: false }) },
      {
        provide: GatewayOptions,
        useValue: new GatewayOptions({
          telemetrySubject: `${context.name}.hotswap.node.*.*.telemetry`,
          telemetryRetentionMs: limits.retentionMs,
          telemetryMaxSamplesPerNode: limits.maxSamples,
          now: () => clock.now,
        }),
      },
    ],
  });

  return {
    context,
    clock,
    /** Publishes on the real subject (under the test's prefix), as a node does. */
    publish(reading: Reading): void {
      const telemetry: NodeTelemetry = {
        environment: 'Development',
        cpuPercent: 20,
        memoryPercent: 30,
        latencyMs: 5,
        errorRate: 0,
        modules: {},
        heartbeatAt: clock.now.toISOString(),
        ...reading,
      };
      context.nc.publish(
        `${context.name}.${telemetrySubject(telemetry.environment, telemetry.nodeId)}`,
        JSON.stringify(telemetry),
      );
    },
    /** Waits until the node's latest sample, the one at `heartbeatAt`, is stored. */
    async stored(nodeId: string, heartbeatAt: string): Promise<void> {
      const ms = Date.parse(heartbeatAt);
      await eventually(
        async () => (await context.redis.zcount(context.keys.telemetrySeries(nodeId), ms, ms)) > 0,
        { what: `the sample of ${nodeId} at ${heartbeatAt} to be stored` },
      );
    },
    async metrics(path: string): Promise<{ status: number; body: unknown }> {
      return request('GET', `${app.url}/api/v1/clusters/${path}`);
    },
    async close(): Promise<void> {
      await app.close();
      await context.close();
    },
  };
}

describe('GET /api/v1/clusters/{environment}/metrics, from published telemetry', () => {
  let gateway: Awaited<ReturnType<typeof metricsGateway>>;

  async function metrics(path: string): Promise<ClusterMetrics> {
    const response = await gateway.metrics(path);
    expect(response.status).toBe(200);
    return response.body as ClusterMetrics;
  }

  beforeAll(async () => {
    gateway = await metricsGateway({ retentionMs: 10 * 60_000, maxSamples: 50 });
    const { publish, context } = gateway;
    context.nc.publish(`${context.name}.hotswap.node.Development.bad.telemetry`, 'not json');
    publish({ nodeId: 'development-01', heartbeatAt: at(-400), cpuPercent: 10 });
    publish({ nodeId: 'development-01', heartbeatAt: at(-60), cpuPercent: 20 });
    publish({ nodeId: 'development-02', heartbeatAt: at(-59), cpuPercent: 30, latencyMs: 15 });
    publish({ nodeId: 'development-01', heartbeatAt: at(-30), cpuPercent: 40 });
    publish({ nodeId: 'development-01', heartbeatAt: at(-10), cpuPercent: 60, errorRate: 0.01 });
    publish({ nodeId: 'development-02', heartbeatAt: at(-10), cpuPercent: 80 });
    publish({ nodeId: 'qa-01', environment: 'QA', heartbeatAt: at(-20), memoryPercent: 70 });
    await gateway.stored('development-01', at(-10));
    await gateway.stored('development-02', at(-10));
    await gateway.stored('qa-01', at(-20));
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('answers the last 5 minutes by default: every node, and the cluster per 5-second bucket', async () => {
    const sample = (seconds: number, cpuPercent: number, more = {}) => ({
      at: at(seconds),
      cpuPercent,
      memoryPercent: 30,
      latencyMs: 5,
      errorRate: 0,
      ...more,
    });
    expect(await metrics('development/metrics')).toEqual({
      environment: 'Development',
      window: '5m',
      from: at(-300),
      to: at(0),
      bucketMs: 5_000,
      nodes: [
        {
          nodeId: 'development-01',
          samples: [sample(-60, 20), sample(-30, 40), sample(-10, 60, { errorRate: 0.01 })],
        },
        {
          nodeId: 'development-02',
          samples: [sample(-59, 30, { latencyMs: 15 }), sample(-10, 80)],
        },
      ],
      cluster: [
        { ...sample(-60, 25, { latencyMs: 10 }), nodes: 2 },
        { ...sample(-30, 40), nodes: 1 },
        { ...sample(-10, 70, { errorRate: 0.005 }), nodes: 2 },
      ],
    });
  });

  it('looks as far back as the window says', async () => {
    const short = await metrics('Development/metrics?window=30s');
    expect(short).toMatchObject({ window: '30s', from: at(-30), bucketMs: 1_000 });
    expect(short.nodes.map((n) => [n.nodeId, n.samples.map((s) => s.at)])).toEqual([
      ['development-01', [at(-30), at(-10)]],
      ['development-02', [at(-10)]],
    ]);

    const long = await metrics('Development/metrics?window=10m');
    expect(long).toMatchObject({ window: '10m', from: at(-600), bucketMs: 10_000 });
    expect(long.nodes[0]!.samples.map((s) => s.at)).toEqual([at(-400), at(-60), at(-30), at(-10)]);
    expect(long.cluster.map((point) => [point.at, point.nodes])).toEqual([
      [at(-400), 1],
      [at(-60), 2],
      [at(-30), 1],
      [at(-10), 2],
    ]);
  });

  it("keeps each environment's nodes apart, and answers an empty series for a quiet one", async () => {
    const qa = await metrics('QA/metrics');
    expect(qa.nodes).toEqual([
      {
        nodeId: 'qa-01',
        samples: [{ at: at(-20), cpuPercent: 20, memoryPercent: 70, latencyMs: 5, errorRate: 0 }],
      },
    ]);
    expect(await metrics('Staging/metrics')).toMatchObject({ nodes: [], cluster: [] });
  });

  it.each(['11m', '5', '0s', 'soon'])('answers 400 naming the window for %p', async (window) => {
    const response = await gateway.metrics(`Development/metrics?window=${window}`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        'Invalid query: window must be a duration such as 30s, 5m or 1h (a whole number of s, m ' +
        'or h), at most 10m (the telemetry retention)',
      fields: { window: expect.any(String) as string },
    });
  });

  it('answers 404 with a message for an unknown environment, as GET …/clusters/{environment}', async () => {
    const response = await gateway.metrics('Moon/metrics');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message:
        "No environment is called 'Moon': expected one of Development, QA, Staging, Production",
    });
  });
});

describe('the telemetry series retention', () => {
  let gateway: Awaited<ReturnType<typeof metricsGateway>>;
  const members = async (nodeId: string) =>
    gateway.context.redis.zrange(gateway.context.keys.telemetrySeries(nodeId), 0, -1);

  beforeAll(async () => {
    gateway = await metricsGateway({ retentionMs: 60_000, maxSamples: 3 });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('drops samples older than the retention on the next write, and expires the series', async () => {
    gateway.publish({ nodeId: 'development-01', heartbeatAt: at(-5) });
    await gateway.stored('development-01', at(-5));

    gateway.clock.now = new Date(T + 61_000);
    gateway.publish({ nodeId: 'development-01', heartbeatAt: at(60) });
    await gateway.stored('development-01', at(60));

    expect(await members('development-01')).toEqual([`[${T + 60_000},20,30,5,0]`]);
    const { redis, keys } = gateway.context;
    for (const key of [
      keys.telemetrySeries('development-01'),
      keys.telemetrySeriesByEnvironment('Development'),
    ]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it("keeps a node's newest samples only, up to the cap", async () => {
    gateway.clock.now = new Date(T + 70_000);
    for (const seconds of [62, 63, 64, 65, 66]) {
      gateway.publish({ nodeId: 'development-02', heartbeatAt: at(seconds), cpuPercent: seconds });
    }
    await gateway.stored('development-02', at(66));

    expect((await members('development-02')).map((m) => (JSON.parse(m) as number[])[1])).toEqual([
      64, 65, 66,
    ]);
  });

  it('answers the whole retention by default when it is under 5 minutes, and no longer', async () => {
    gateway.clock.now = new Date(T + 70_000);
    const response = await gateway.metrics('Development/metrics');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ window: '1m', from: at(10), to: at(70) });
    const body = response.body as ClusterMetrics;
    expect(body.nodes.map((n) => [n.nodeId, n.samples.length])).toEqual([
      ['development-01', 1],
      ['development-02', 3],
    ]);
    expect((await gateway.metrics('Development/metrics?window=2m')).status).toBe(400);
  });
});
