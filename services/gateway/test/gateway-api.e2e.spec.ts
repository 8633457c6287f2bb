import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { deploymentStream } from '@hotswap/contracts';
import { JetStreamEventStore } from '@hotswap/event-store';
import {
  asEventData,
  completedRun,
  eventually,
  privateServers,
  ServiceProcess,
  uniqueName,
} from '@hotswap/testing';
import { request } from './http-app.js';

/**
 * The gateway alone, as a built process: its projections follow the events of its event store
 * into the read models its API answers from. (The five services together: the system's e2e tests.)
 */
describe('the gateway process', () => {
  const stream = uniqueName('GW').toUpperCase();
  // Servers of its own: node-agents of other tests on the run's NATS would publish telemetry here.
  const servers: { stop(): Promise<void> }[] = [];
  const subjectPrefix = `e2e.${stream}`;
  let gateway: ServiceProcess;
  let url: string;
  let nc: NatsConnection;
  let eventStore: JetStreamEventStore;

  beforeAll(async () => {
    const own = await privateServers();
    servers.push(own);
    const [natsUrl, redisUrl] = [own.nats.url, own.redis.url];
    gateway = ServiceProcess.start('gateway', {
      HOTSWAP_MODE: 'test',
      NATS_URL: natsUrl,
      REDIS_URL: redisUrl,
      HOTSWAP_JETSTREAM_STREAM: stream,
      HOTSWAP_JETSTREAM_SUBJECT_PREFIX: subjectPrefix,
    });
    url = await gateway.ready();
    nc = await connect({ servers: natsUrl });
    eventStore = await JetStreamEventStore.connect(nc, { streamName: stream, subjectPrefix });
  }, 30_000);
  afterAll(async () => {
    await gateway.kill();
    await eventStore.close();
    await nc.close();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('answers a recorded deployment from its read model, and lists it', async () => {
    const executionId = randomUUID();
    await eventStore.append(
      deploymentStream(executionId),
      asEventData(completedRun({ executionId })),
    );

    // The events of one append are applied one by one: wait for the last one.
    const deployment = await eventually(
      async () => {
        const response = await request('GET', `${url}/api/v1/deployments/${executionId}`);
        const body = response.body as { status?: string } | undefined;
        return response.status === 200 && body?.status === 'Completed' ? body : undefined;
      },
      { what: 'the deployment to be projected up to its completion' },
    );
    expect(deployment).toMatchObject({ executionId, duration: '00:00:05.000' });

    const list = await request('GET', `${url}/api/v1/deployments?environment=Development`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [deployment], nextCursor: null });
  });

  it('sends security headers and refuses a body over the limit with 413, before reading it', async () => {
    const health = await fetch(`${url}/health/live`);
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('x-frame-options')).toBe('DENY');
    expect(health.headers.get('strict-transport-security')).toMatch(/^max-age=/);
    expect(health.headers.get('x-powered-by')).toBeNull();

    const tooLarge = await request('POST', `${url}/api/v1/deployments`, {
      moduleName: 'payment-processor',
      padding: 'x'.repeat(300 * 1024),
    });
    expect(tooLarge).toMatchObject({ status: 413, body: { statusCode: 413 } });
  });

  it('stops cleanly, projections included', async () => {
    gateway.signal('SIGTERM');
    expect(await gateway.exitWithin(5_000)).toEqual({ code: 0, signal: null });
  });
});
