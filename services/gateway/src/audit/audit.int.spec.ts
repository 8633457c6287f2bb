import { randomUUID } from 'node:crypto';
import { REDIS } from '@hotswap/service-host';
import { newEvent } from '@hotswap/event-store';
import { eventually, testToken } from '@hotswap/testing';
import { intContext, type IntContext } from '../../test/int-context.js';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import type { LeasedProjection } from '../read-model/leased-projection.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import type { AuditEntry } from './audit-entry.js';
import { AUDITED_CATEGORIES, auditProjection } from './audit-projection.js';
import { AuditController } from './audit.controller.js';

/** The audit projections (one per category people act in), and `GET /api/v1/audit` answering from them. */
describe('the audit', () => {
  let context: IntContext;
  let projections: LeasedProjection[];
  let app: HttpApp;
  const t0 = Date.parse('2026-11-22T10:00:00.000Z');
  const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

  beforeAll(async () => {
    context = await intContext();
    projections = AUDITED_CATEGORIES.map((category) =>
      auditProjection(category)(context.resources()),
    );
    projections.forEach((projection) => projection.start());
    app = await startHttpApp({
      controllers: [AuditController],
      providers: [
        { provide: REDIS, useValue: context.redis },
        { provide: ReadModelKeys, useValue: context.keys },
      ],
    });
    // Who did what: a deployer asks, services work, an admin approves, the deployer pauses.
    const id = randomUUID();
    const event = (type: string, actor: string, minutes: number) =>
      newEvent(type, { executionId: id }, { actor, timestamp: at(minutes), correlationId: id });
    await context.eventStore.append(`deployment-${id}`, [
      event('DeploymentRequested', 'deployer', 0),
      event('StageStarted', 'service:orchestrator', 1),
    ]);
    await context.eventStore.append(`approval-${id}`, [event('ApprovalGranted', 'admin', 2)]);
    await context.eventStore.append(`rollout-${id}`, [
      event('RolloutPaused', 'deployer', 3),
      event('RolloutResumed', 'deployer', 4),
      newEvent('WaveStarted', { executionId: id }),
    ]);
    // Each category's projection has its own checkpoint: wait for what people did to be listed.
    await eventually(
      async () => ((await audit()).body as { items: unknown[] }).items.length === 4,
      { what: 'the four entries', timeoutMs: 10_000 },
    );
  });
  afterAll(async () => {
    await app.close();
    await Promise.all(projections.map((projection) => projection.stop()));
    await context.close();
  });

  const audit = async (query = '', user: 'admin' | 'deployer' = 'admin') =>
    request('GET', `${app.url}/api/v1/audit${query}`, undefined, {
      authorization: `Bearer ${testToken(user)}`,
    });
  const actions = (body: unknown) => (body as { items: AuditEntry[] }).items.map((e) => e.action);

  it('lists what people did, newest first, and nothing services did', async () => {
    const response = await audit();
    expect(response.status).toBe(200);
    expect(actions(response.body)).toEqual([
      'RolloutResumed',
      'RolloutPaused',
      'ApprovalGranted',
      'DeploymentRequested',
    ]);
    const [newest] = (response.body as { items: AuditEntry[] }).items;
    expect(newest).toEqual({
      position: expect.stringMatching(/^\d+$/) as string,
      at: at(4),
      actor: 'deployer',
      action: 'RolloutResumed',
      stream: expect.stringMatching(/^rollout-/) as string,
      subject: expect.any(String) as string,
      data: { executionId: expect.any(String) as string },
    });
    expect((response.body as { nextCursor: unknown }).nextCursor).toBeNull();
  });

  it('filters by actor and by time, bounds included', async () => {
    expect(actions((await audit('?actor=admin')).body)).toEqual(['ApprovalGranted']);
    expect(actions((await audit(`?from=${at(2)}&to=${at(3)}`)).body)).toEqual([
      'RolloutPaused',
      'ApprovalGranted',
    ]);
    expect(actions((await audit(`?actor=deployer&to=${at(3)}`)).body)).toEqual([
      'RolloutPaused',
      'DeploymentRequested',
    ]);
    expect(actions((await audit('?actor=nobody')).body)).toEqual([]);
  });

  it('pages with a cursor, every entry once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=1${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await audit(query)).body as { items: AuditEntry[]; nextCursor: string | null };
      seen.push(...page.items.map((e) => e.action));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual([
      'RolloutResumed',
      'RolloutPaused',
      'ApprovalGranted',
      'DeploymentRequested',
    ]);
  });

  it('answers 400 naming each bad parameter, and 403 to anyone but an Admin', async () => {
    const bad = await audit('?from=yesterday&limit=0&cursor=abc');
    expect(bad).toMatchObject({
      status: 400,
      body: {
        fields: {
          from: expect.any(String) as string,
          limit: 'must be an integer from 1 to 500',
          cursor: expect.any(String) as string,
        },
      },
    });
    expect((await audit(`?from=${at(3)}&to=${at(1)}`)).body).toMatchObject({
      fields: { to: 'must not be before from' },
    });
    expect((await audit('', 'deployer')).status).toBe(403);
  });
});
