import { randomUUID } from 'node:crypto';
import { newEvent } from '@hotswap/event-store';
import { eventually, testToken } from '@hotswap/testing';
import { startHttpApp, type HttpApp } from '../../test/http-app.js';
import { intContext, type IntContext } from '../../test/int-context.js';
import { GatewayOptions } from '../gateway-options.js';
import { EventFeed } from './event-feed.js';
import { EventStreamController } from './event-stream.controller.js';
import type { PublicEvent } from './public-event.js';

interface Frame {
  readonly id: string;
  readonly event: string;
  readonly data: PublicEvent;
}

/** An SSE client over fetch: the frames it received so far, and a way to hang up. */
function subscribe(url: string, headers: Record<string, string> = {}) {
  const frames: Frame[] = [];
  const comments: string[] = [];
  const aborted = new AbortController();
  const opened = fetch(url, {
    headers: { authorization: `Bearer ${testToken('viewer')}`, ...headers },
    signal: aborted.signal,
  });
  const reading = (async () => {
    const response = await opened;
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const field = (name: string) =>
            lines.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          if (field('data') !== undefined) {
            frames.push({
              id: field('id')!,
              event: field('event')!,
              data: JSON.parse(field('data')!) as PublicEvent,
            });
          } else comments.push(block);
        }
      }
    } catch {
      // Hung up.
    }
  })();
  return {
    frames,
    comments,
    status: async () => (await opened).status,
    close: async () => {
      aborted.abort();
      await reading;
    },
  };
}

describe('GET /api/v1/events/stream', () => {
  let context: IntContext;
  let app: HttpApp;
  let url: string;

  beforeAll(async () => {
    context = await intContext();
    app = await startHttpApp({
      controllers: [EventStreamController],
      providers: [
        EventFeed,
        ...context.hostProviders(),
        {
          provide: GatewayOptions,
          useValue: new GatewayOptions({
            sse: { heartbeatMs: 200, maxBufferedBytes: 1024 * 1024, maxPendingEvents: 1000 },
          }),
        },
      ],
    });
    url = `${app.url}/api/v1/events/stream`;
  });
  afterAll(async () => {
    await app.close();
    await context.close();
  });

  const deploymentEvents = (id: string, types: string[], environment = 'Development') =>
    types.map((type, i) =>
      newEvent(
        type,
        i === 0 ? { executionId: id, targetEnvironment: environment } : { executionId: id },
        { correlationId: id, actor: 'deployer', timestamp: new Date().toISOString() },
      ),
    );
  const typesOf = (frames: readonly Frame[], id: string) =>
    frames.filter((f) => f.data.deploymentId === id).map((f) => f.event);

  it('sends live events as public events, with id = global position and event = type', async () => {
    const client = subscribe(url);
    expect(await client.status()).toBe(200);
    const id = randomUUID();
    await eventually(async () => client.comments.some((c) => c.includes('stream after')), {
      what: 'the stream to open',
    });
    const at = new Date().toISOString();
    const metadata = {
      correlationId: id,
      causationId: `command-${id}`,
      actor: 'deployer',
      timestamp: at,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      internalBookkeeping: 'not for subscribers',
    };
    const { position } = await context.eventStore.append(`deployment-${id}`, [
      newEvent(
        'DeploymentRequested',
        {
          executionId: id,
          moduleName: 'payment-processor',
          version: '2.1.0',
          targetEnvironment: 'Development',
          requesterEmail: 'deployer@example.com',
          requestedBy: 'deployer',
          requestedAt: at,
        },
        metadata,
      ),
      newEvent('DeploymentStarted', { executionId: id, startedAt: at }, metadata),
    ]);
    await eventually(async () => typesOf(client.frames, id).length === 2, { what: 'two events' });
    const [requested, started] = client.frames.filter((f) => f.data.deploymentId === id);
    expect(started!.id).toBe(position.toString());
    expect(BigInt(requested!.id)).toBeLessThan(position);
    const publicMetadata = {
      correlationId: id,
      causationId: `command-${id}`,
      actor: 'deployer',
      timestamp: at,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    expect(started!.data).toStrictEqual({
      schema: 'hotswap.event/v1',
      id: position.toString(),
      type: 'DeploymentStarted',
      category: 'deployment',
      stream: `deployment-${id}`,
      revision: '1',
      deploymentId: id,
      environment: 'Development',
      occurredAt: at,
      recordedAt: expect.any(String) as string,
      actor: 'deployer',
      data: {},
      metadata: publicMetadata,
    });
    // The recorded data translated into its public shape: no e-mail address, no time repeated.
    expect(requested!.data).toMatchObject({
      type: 'DeploymentRequested',
      data: {
        moduleName: 'payment-processor',
        version: '2.1.0',
        environment: 'Development',
        strategy: 'Direct',
        approvalRequired: false,
        requestedBy: 'deployer',
      },
      metadata: publicMetadata,
    });
    expect(Object.keys(requested!.data.data ?? {})).toHaveLength(6);
    // Idle, it still hears the heartbeat.
    await eventually(async () => client.comments.some((c) => c === ': heartbeat'), {
      what: 'a heartbeat',
    });
    await client.close();
  });

  it('sends an event of a type it has no public shape for with data null', async () => {
    const id = randomUUID();
    const client = subscribe(`${url}?deploymentId=${id}`);
    await eventually(async () => client.comments.length > 0, { what: 'the stream to open' });
    await context.eventStore.append(`deployment-${id}`, [
      newEvent('DeploymentArchived', { executionId: id, archivedBy: 'ops' }, { correlationId: id }),
    ]);
    await eventually(async () => client.frames.length === 1, { what: 'the event' });
    expect(client.frames[0]!.data).toMatchObject({
      type: 'DeploymentArchived',
      deploymentId: id,
      data: null,
      metadata: { correlationId: id, causationId: null, actor: null, traceparent: null },
    });
    await client.close();
  });

  it('gives a client that reconnects with Last-Event-ID exactly what it missed, in order, then live', async () => {
    const id = randomUUID();
    const stream = `deployment-${id}`;
    const first = subscribe(`${url}?deploymentId=${id}`);
    await eventually(async () => first.comments.length > 0, { what: 'the stream to open' });
    await context.eventStore.append(
      stream,
      deploymentEvents(id, ['DeploymentRequested', 'StageStarted']),
    );
    await eventually(async () => first.frames.length === 2, { what: 'the first two events' });
    await first.close();

    // Missed while away: three events of this deployment and others' in between.
    await context.eventStore.append(
      stream,
      deploymentEvents(id, ['StageSucceeded', 'StageStarted']).map((e) => e),
    );
    await context.eventStore.append(
      `deployment-${randomUUID()}`,
      deploymentEvents(randomUUID(), ['DeploymentRequested']),
    );
    await context.eventStore.append(stream, deploymentEvents(id, ['StageSucceeded']));

    const again = subscribe(`${url}?deploymentId=${id}`, {
      'last-event-id': first.frames.at(-1)!.id,
    });
    await eventually(async () => again.frames.length === 3, { what: 'the three missed events' });
    await context.eventStore.append(stream, deploymentEvents(id, ['DeploymentCompleted']));
    await eventually(async () => again.frames.length === 4, { what: 'the live one after them' });
    expect(again.frames.map((f) => f.event)).toEqual([
      'StageSucceeded',
      'StageStarted',
      'StageSucceeded',
      'DeploymentCompleted',
    ]);
    const ids = [...first.frames, ...again.frames].map((f) => BigInt(f.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(ids).size).toBe(ids.length);
    await again.close();
  });

  it('filters by type (repeatable), category and environment', async () => {
    const id = randomUUID();
    const byType = subscribe(
      `${url}?type=StageStarted&type=DeploymentCompleted&deploymentId=${id}`,
    );
    const byCategory = subscribe(`${url}?category=rollout`);
    const byEnvironment = subscribe(`${url}?environment=qa`);
    for (const c of [byType, byCategory, byEnvironment]) {
      await eventually(async () => c.comments.length > 0, { what: 'the streams to open' });
    }
    await context.eventStore.append(
      `deployment-${id}`,
      deploymentEvents(id, ['DeploymentRequested', 'StageStarted', 'DeploymentCompleted'], 'QA'),
    );
    await context.eventStore.append(
      `rollout-${id}`,
      deploymentEvents(id, ['RolloutStarted']).map((e) => ({ ...e, data: { executionId: id } })),
    );
    await eventually(
      async () =>
        byType.frames.length === 2 &&
        byCategory.frames.length >= 1 &&
        byEnvironment.frames.length >= 4,
      {
        what: 'the filtered events',
      },
    );
    expect(byType.frames.map((f) => f.event)).toEqual(['StageStarted', 'DeploymentCompleted']);
    expect(typesOf(byCategory.frames, id)).toEqual(['RolloutStarted']);
    // The rollout's event names no environment: its deployment's is used.
    expect(typesOf(byEnvironment.frames, id)).toEqual([
      'DeploymentRequested',
      'StageStarted',
      'DeploymentCompleted',
      'RolloutStarted',
    ]);
    await Promise.all([byType, byCategory, byEnvironment].map((c) => c.close()));
  });

  it('offers the deployment lifecycle as CDEvents (?format=cdevents)', async () => {
    const id = randomUUID();
    const client = subscribe(`${url}?format=cdevents&deploymentId=${id}`);
    await eventually(async () => client.comments.length > 0, { what: 'the stream to open' });
    const meta = { correlationId: id, timestamp: '2026-11-22T10:00:00.000Z' };
    await context.eventStore.append(`deployment-${id}`, [
      newEvent(
        'DeploymentRequested',
        {
          executionId: id,
          moduleName: 'payment-processor',
          version: '2.1.0',
          targetEnvironment: 'QA',
        },
        meta,
      ),
      newEvent('DeploymentStarted', { executionId: id }, meta),
      newEvent('StageStarted', { executionId: id, stage: 'Build' }, meta),
      newEvent('StageSucceeded', { executionId: id, stage: 'Build', message: 'ok' }, meta),
    ]);
    await context.eventStore.append(`rollout-${id}`, [
      newEvent(
        'NodeUpdated',
        { rolloutId: id, nodeId: 'qa-01', version: '2.1.0', previousVersion: '2.0.0' },
        meta,
      ),
    ]);
    await context.eventStore.append(`deployment-${id}`, [
      newEvent('DeploymentCompleted', { executionId: id }, meta),
    ]);
    await eventually(async () => client.frames.length === 5, { what: 'five CDEvents' });
    expect(client.frames.map((f) => f.event)).toEqual([
      'dev.cdevents.pipelinerun.started.0.2.0',
      'dev.cdevents.taskrun.started.0.2.0',
      'dev.cdevents.taskrun.finished.0.2.0',
      'dev.cdevents.pipelinerun.finished.0.2.0',
      'dev.cdevents.service.upgraded.0.2.0',
    ]);
    const upgraded = client.frames[4]!.data as unknown as {
      context: Record<string, string>;
      subject: { id: string; content: Record<string, unknown> };
    };
    expect(upgraded.context).toMatchObject({ version: '0.4.1', source: '/hotswap/gateway' });
    expect(upgraded.subject).toMatchObject({
      id: 'service/payment-processor',
      content: {
        environment: { id: 'QA' },
        artifactId: 'pkg:generic/payment-processor@2.1.0',
      },
    });
    expect(
      (client.frames[2]!.data as unknown as { subject: { content: object } }).subject.content,
    ).toMatchObject({
      taskName: 'Build',
      outcome: 'success',
      pipelineRun: { id },
    });
    await client.close();
  });

  it('answers 401 without a token and 400 naming a bad filter', async () => {
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    const bad = await fetch(`${url}?environment=Moon&from=abc`, {
      headers: { authorization: `Bearer ${testToken('viewer')}` },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { fields: object }).fields).toEqual({
      environment: expect.any(String) as string,
      from: expect.any(String) as string,
    });
  });
});
