import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newEvent } from '@hotswap/event-store';
import { eventually } from '@hotswap/testing';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { intContext, type IntContext } from '../../test/int-context.js';
import { GatewayOptions } from '../gateway-options.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { verifyDelivery } from './webhook-signature.js';
import { WebhooksController } from './webhooks.controller.js';

const SECRET = 'a-secret-of-enough-length';

/** A receiver that fails the first `failFirst` attempts of every event, or every attempt while `down`. */
class Receiver {
  readonly acknowledged: {
    id: string;
    type: string;
    deploymentId: string | null;
    body: Record<string, unknown>;
  }[] = [];
  readonly attempts = new Map<string, number>();
  badSignatures = 0;
  failFirst = 0;
  down = false;
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const event = JSON.parse(body) as {
          id: string;
          type: string;
          deploymentId: string | null;
        } & Record<string, unknown>;
        if (!verifyDelivery(SECRET, body, String(req.headers['x-hotswap-signature']), new Date())) {
          this.badSignatures++;
        }
        const attempt = (this.attempts.get(event.id) ?? 0) + 1;
        this.attempts.set(event.id, attempt);
        if (this.down || attempt <= this.failFirst) {
          res.writeHead(503).end();
          return;
        }
        this.acknowledged.push({
          id: event.id,
          type: event.type,
          deploymentId: event.deploymentId,
          body: event,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('webhooks', () => {
  let context: IntContext;
  const apps: HttpApp[] = [];

  const gateway = async () => {
    const app = await startHttpApp({
      controllers: [WebhooksController],
      providers: [
        WebhookDispatcher,
        ...context.hostProviders(),
        {
          provide: GatewayOptions,
          useValue: new GatewayOptions({
            leaseTtlMs: 1_000,
            projectionRetryMs: 50,
            webhooks: { maxAttempts: 3, backoffMs: 20, timeoutMs: 1_000, syncMs: 100 },
          }),
        },
      ],
    });
    apps.push(app);
    return app;
  };
  const register = async (app: HttpApp, url: string, filter: object = {}) => {
    const response = await request('POST', `${app.url}/api/v1/webhooks`, {
      url,
      secret: SECRET,
      filter,
    });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  };
  const events = (id: string, types: string[]) =>
    types.map((type) => newEvent(type, { executionId: id }, { correlationId: id }));

  beforeAll(async () => {
    context = await intContext();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await context.close();
  });

  it('delivers every event once acknowledged, in order per deployment, signed, despite failures', async () => {
    const receiver = new Receiver();
    await receiver.start();
    receiver.failFirst = 2;
    const app = await gateway();
    const id = await register(app, receiver.url, { category: 'deployment' });
    const listed = await request('GET', `${app.url}/api/v1/webhooks`);
    expect(listed.body).toMatchObject({
      items: [{ id, url: receiver.url, filter: { category: 'deployment' } }],
    });
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the dispatcher has seen it

    const [a, b] = [randomUUID(), randomUUID()];
    await context.eventStore.append(
      `deployment-${a}`,
      events(a, ['DeploymentRequested', 'DeploymentStarted']),
    );
    await context.eventStore.append(`deployment-${b}`, events(b, ['DeploymentRequested']));
    await context.eventStore.append(`rollout-${a}`, events(a, ['RolloutStarted'])); // not its category
    await context.eventStore.append(`deployment-${a}`, events(a, ['DeploymentCompleted']));
    await context.eventStore.append(`deployment-${b}`, events(b, ['DeploymentStarted']));

    await eventually(async () => receiver.acknowledged.length === 5, {
      what: 'five deliveries acknowledged',
      timeoutMs: 10_000,
    });
    const of = (d: string) =>
      receiver.acknowledged.filter((e) => e.deploymentId === d).map((e) => e.type);
    expect(of(a)).toEqual(['DeploymentRequested', 'DeploymentStarted', 'DeploymentCompleted']);
    expect(of(b)).toEqual(['DeploymentRequested', 'DeploymentStarted']);
    expect(new Set(receiver.acknowledged.map((e) => e.id)).size).toBe(5);
    expect([...receiver.attempts.values()].every((n) => n === 3)).toBe(true);
    expect(receiver.badSignatures).toBe(0);
    // The public event, as the stream sends it: the recorded data translated, public metadata only.
    expect(receiver.acknowledged.find((e) => e.deploymentId === a)!.body).toMatchObject({
      schema: 'hotswap.event/v1',
      type: 'DeploymentRequested',
      category: 'deployment',
      stream: `deployment-${a}`,
    });
    const started = receiver.acknowledged.find(
      (e) => e.deploymentId === b && e.type === 'DeploymentStarted',
    )!.body;
    expect(started['data']).toStrictEqual({});
    expect(started['metadata']).toStrictEqual({
      correlationId: b,
      causationId: null,
      actor: null,
      timestamp: null,
      traceparent: null,
    });
    await receiver.stop();
  });

  it('dead-letters a delivery that fails every attempt, and an Admin redelivers it', async () => {
    const receiver = new Receiver();
    await receiver.start();
    receiver.down = true;
    const app = await gateway();
    const deploymentId = randomUUID();
    const id = await register(app, receiver.url, { deploymentId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await context.eventStore.append(
      `deployment-${deploymentId}`,
      events(deploymentId, ['DeploymentFailed']),
    );
    const deliveries = `${app.url}/api/v1/webhooks/${id}/deliveries`;
    const letters = await eventually(
      async () => {
        const { body } = await request('GET', deliveries);
        const dead = (
          body as { deadLetters: { eventId: string; attempts: number; lastError: string }[] }
        ).deadLetters;
        return dead.length === 1 && dead;
      },
      { what: 'the dead letter', timeoutMs: 10_000 },
    );
    expect(letters[0]).toMatchObject({ attempts: 3, lastError: 'the receiver answered 503' });
    const redeliver = `${deliveries.replace(/\/deliveries$/, '')}/deliveries/${letters[0]!.eventId}/redeliver`;
    expect((await request('POST', redeliver)).status).toBe(502);
    receiver.down = false;
    expect(await request('POST', redeliver)).toMatchObject({
      status: 200,
      body: { delivered: true },
    });
    expect(receiver.acknowledged.map((e) => e.type)).toEqual(['DeploymentFailed']);
    expect((await request('GET', deliveries)).body).toEqual({ deadLetters: [] });
    await receiver.stop();
  });

  it('loses nothing while no gateway runs: the next one delivers from the checkpoint', async () => {
    const receiver = new Receiver();
    await receiver.start();
    const first = await gateway();
    const deploymentId = randomUUID();
    await register(first, receiver.url, { deploymentId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await context.eventStore.append(
      `deployment-${deploymentId}`,
      events(deploymentId, ['DeploymentRequested']),
    );
    await eventually(async () => receiver.acknowledged.length === 1, {
      what: 'the first delivery',
    });
    await first.close();
    apps.splice(apps.indexOf(first), 1);

    await context.eventStore.append(
      `deployment-${deploymentId}`,
      events(deploymentId, ['DeploymentStarted', 'DeploymentCompleted']),
    );
    await gateway();
    await eventually(async () => receiver.acknowledged.length === 3, {
      what: 'the deliveries made while no gateway ran',
      timeoutMs: 10_000,
    });
    expect(receiver.acknowledged.map((e) => e.type)).toEqual([
      'DeploymentRequested',
      'DeploymentStarted',
      'DeploymentCompleted',
    ]);
    await receiver.stop();
  });

  it('delivers nothing while paused, then what it missed, in order; nothing once deleted', async () => {
    const receiver = new Receiver();
    await receiver.start();
    const app = await gateway();
    const deploymentId = randomUUID();
    const id = await register(app, receiver.url, { deploymentId });
    const hook = `${app.url}/api/v1/webhooks/${id}`;
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(await request('POST', `${hook}/pause`)).toMatchObject({
      status: 200,
      body: { id, paused: true },
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // every dispatcher has stopped it
    await context.eventStore.append(
      `deployment-${deploymentId}`,
      events(deploymentId, ['DeploymentRequested', 'DeploymentStarted']),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.acknowledged).toEqual([]);

    expect((await request('POST', `${hook}/resume`)).body).toMatchObject({ paused: false });
    await eventually(async () => receiver.acknowledged.length === 2, {
      what: 'the deliveries missed while paused',
    });
    expect(receiver.acknowledged.map((e) => e.type)).toEqual([
      'DeploymentRequested',
      'DeploymentStarted',
    ]);

    expect((await request('DELETE', hook)).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await context.eventStore.append(
      `deployment-${deploymentId}`,
      events(deploymentId, ['DeploymentCompleted']),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.acknowledged).toHaveLength(2);
    expect((await request('GET', `${hook}/deliveries`)).status).toBe(404);
    expect((await request('DELETE', hook)).status).toBe(404);
    expect((await request('POST', `${hook}/resume`)).status).toBe(404);
    const checkpoint = `${context.keys.checkpointPrefix}gateway:webhook:${id}`;
    await eventually(async () => (await context.redis.exists(checkpoint)) === 0, {
      what: 'its checkpoint dropped',
    });
    await receiver.stop();
  });

  it('answers 400 naming each bad field', async () => {
    const app = apps[0] ?? (await gateway());
    const response = await request('POST', `${app.url}/api/v1/webhooks`, {
      url: 'ftp://x',
      secret: 'short',
      filter: { environment: 'Moon', types: 'StageStarted' },
    });
    expect(response).toMatchObject({
      status: 400,
      body: {
        fields: {
          url: expect.any(String) as string,
          secret: expect.any(String) as string,
          'filter.environment': expect.any(String) as string,
          'filter.types': expect.any(String) as string,
        },
      },
    });
  });
});
