import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookStream } from '@hotswap/contracts';
import { newEvent } from '@hotswap/event-store';
import { eventually } from '@hotswap/testing';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { intContext, type IntContext } from '../../test/int-context.js';
import { GatewayOptions } from '../gateway-options.js';
import type { LeasedProjection } from '../read-model/leased-projection.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { webhooksProjection } from './webhooks-projection.js';
import { WebhooksController } from './webhooks.controller.js';

const SECRET = 'a-secret-of-enough-length';

/**
 * Issue 12, break 11: webhook registrations and dead letters lived only in Redis. They are events
 * now, Redis their read model: when Redis loses every key of the gateway (here: each key of this
 * test's namespace deleted, as FLUSHALL would), the webhooks projection folds them again and the
 * webhook goes on delivering.
 */
describe('webhooks when Redis loses its data', () => {
  let context: IntContext;
  let app: HttpApp;
  let projection: LeasedProjection;
  let server: Server;
  let url = '';
  let down = true;
  const got: string[] = [];
  const attempts = new Map<string, number>();

  beforeAll(async () => {
    context = await intContext();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const { type } = JSON.parse(body) as { type: string };
        attempts.set(type, (attempts.get(type) ?? 0) + 1);
        if (down) return void res.writeHead(503).end();
        got.push(type);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    app = await startHttpApp({
      controllers: [WebhooksController],
      providers: [
        WebhookDispatcher,
        ...context.hostProviders(),
        {
          provide: GatewayOptions,
          useValue: new GatewayOptions({
            leaseTtlMs: 1_000,
            projectionRetryMs: 50,
            webhooks: { maxAttempts: 2, backoffMs: 20, timeoutMs: 1_000, syncMs: 100 },
          }),
        },
      ],
    });
    projection = webhooksProjection(context.resources({ leaseTtlMs: 1_000 }));
    projection.start();
  });
  afterAll(async () => {
    await projection?.stop();
    await app?.close();
    await new Promise((resolve) => server.close(resolve));
    await context.close();
  });

  const flushNamespace = async () => {
    const keys = await context.redis.keys(`${context.keys.namespace}:*`);
    if (keys.length > 0) await context.redis.del(...keys);
  };

  it('keeps registrations and dead letters, and delivers on, without the secret in clear', async () => {
    const id = (
      (await request('POST', `${app.url}/api/v1/webhooks`, { url, secret: SECRET })).body as {
        id: string;
      }
    ).id;
    const hook = `${app.url}/api/v1/webhooks/${id}`;
    const deploymentId = randomUUID();
    const deployment = `deployment-${deploymentId}`;
    // The receiver is down: the delivery goes to the dead letters. (It starts just after its
    // registration, so an append before the dispatcher saw the webhook is delivered too.)
    await context.eventStore.append(deployment, [
      newEvent(
        'DeploymentRequested',
        { executionId: deploymentId },
        { correlationId: deploymentId },
      ),
    ]);
    await eventually(
      async () => {
        const { body } = await request('GET', `${hook}/deliveries`);
        return (body as { deadLetters: unknown[] }).deadLetters.length === 1;
      },
      { what: 'a dead letter', timeoutMs: 10_000 },
    );
    const letterIds = async () =>
      (
        (await request('GET', `${hook}/deliveries`)).body as { deadLetters: { eventId: string }[] }
      ).deadLetters.map((letter) => letter.eventId);
    const letters = await letterIds();
    const stored = await context.eventStore.readStream(webhookStream(id));
    expect(stored.map((e) => e.type)).toEqual(
      expect.arrayContaining(['WebhookRegistered', 'WebhookDeliveryDeadLettered']),
    );
    expect(JSON.stringify(stored.map((e) => e.data))).not.toContain(SECRET);

    expect(attempts.get('DeploymentRequested')).toBe(2);
    await flushNamespace();

    await eventually(async () => (await request('GET', `${hook}/deliveries`)).status === 200, {
      what: 'the webhook projected again',
    });
    await eventually(
      async () => {
        const now = await letterIds();
        return letters.every((eventId) => now.includes(eventId));
      },
      { what: 'the dead letters projected again' },
    );
    expect((await request('GET', `${app.url}/api/v1/webhooks`)).body).toMatchObject({
      items: [{ id, url }],
    });

    down = false;
    await context.eventStore.append(deployment, [
      newEvent(
        'DeploymentCompleted',
        { executionId: deploymentId },
        { correlationId: deploymentId },
      ),
    ]);
    await eventually(() => got.includes('DeploymentCompleted'), {
      what: 'a delivery after the loss',
      timeoutMs: 10_000,
    });
    // Its checkpoint went too, but it went on from where it was, not from its registration: what
    // came before the loss was not sent again (one deployment's events go in order).
    expect(attempts.get('DeploymentRequested')).toBe(2);
    // Its own events (registration, dead letters) are never delivered to a webhook.
    expect(got.filter((type) => type.startsWith('Webhook'))).toEqual([]);
  });
});
