import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import type { Fault } from '@hotswap/contracts';
import { NATS_CONNECTION } from '@hotswap/service-host';
import { testInfrastructure, testToken, uniqueName } from '@hotswap/testing';
import { FakeNodeAgent, faultSubjects } from '../../test/fake-node-agent.js';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { GatewayOptions } from '../gateway-options.js';
import { ChaosController } from './chaos.controller.js';
import { ChaosFaultsHandler, faultIdFor } from './chaos-faults.js';

const body = {
  environment: 'Development',
  moduleName: 'payment-processor',
  version: '2.1.0',
  errorRate: 0.2,
  latencyMs: 250,
};

describe('/api/v1/chaos/faults', () => {
  const prefix = `${uniqueName('gw')}.cmd`;
  let nc: NatsConnection;
  let nodeAgent: FakeNodeAgent;
  let app: HttpApp;
  let url: string;

  async function gateway(subjectPrefix: string): Promise<HttpApp> {
    return startHttpApp({
      controllers: [ChaosController],
      providers: [
        ChaosFaultsHandler,
        { provide: NATS_CONNECTION, useValue: nc },
        {
          provide: GatewayOptions,
          useValue: new GatewayOptions({
            ...faultSubjects(subjectPrefix),
            requestTimeoutMs: 2_000,
          }),
        },
      ],
    });
  }

  async function inject(overrides: object = {}, headers: Record<string, string> = {}) {
    const response = await request('POST', url, { ...body, ...overrides }, headers);
    expect(response.status).toBe(201);
    return response.body as Fault;
  }

  beforeAll(async () => {
    nc = await connect({ servers: testInfrastructure().natsUrl });
    nodeAgent = new FakeNodeAgent(nc, prefix);
    app = await gateway(prefix);
    url = `${app.url}/api/v1/chaos/faults`;
  });
  afterAll(async () => {
    await app.close();
    nodeAgent.stop();
    await nc.close();
  });

  describe('POST', () => {
    it('asks the node-agent and answers 201 with the fault and its Location', async () => {
      const response = await request('POST', url, body);

      expect(response.status).toBe(201);
      const fault = response.body as Fault;
      expect(fault).toEqual({
        faultId: expect.any(String) as string,
        environment: 'Development',
        moduleName: 'payment-processor',
        version: '2.1.0',
        errorRate: 0.2,
        latencyMs: 250,
        injectedAt: expect.any(String) as string,
        injectedBy: 'admin',
      });
      expect(response.headers.get('location')).toBe(`/api/v1/chaos/faults/${fault.faultId}`);
      expect(nodeAgent.received.at(-1)).toEqual({
        subject: faultSubjects(prefix).injectFaultSubject,
        data: {
          commandId: expect.any(String) as string,
          actor: 'admin',
          faultId: fault.faultId,
          environment: 'Development',
          moduleName: 'payment-processor',
          version: '2.1.0',
          errorRate: 0.2,
          latencyMs: 250,
        },
      });
    });

    it('returns the same fault for a retry with the same Idempotency-Key', async () => {
      const key = randomUUID();
      const first = await inject({}, { 'Idempotency-Key': key });
      const retry = await inject({}, { 'Idempotency-Key': key });

      expect(retry).toEqual(first);
      expect(first.faultId).toBe(faultIdFor(key));
      const [a, b] = nodeAgent.received.slice(-2).map((c) => c.data as Record<string, unknown>);
      expect(a!['faultId']).toBe(b!['faultId']);
      expect(a!['commandId']).not.toBe(b!['commandId']);
    });

    it('answers 409 when the Idempotency-Key was used for another fault', async () => {
      const key = randomUUID();
      await inject({}, { 'Idempotency-Key': key });
      const other = await request('POST', url, { ...body, cpu: 95 }, { 'Idempotency-Key': key });

      expect(other.status).toBe(409);
      expect(other.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringContaining('exists with another spec') as string,
      });
    });

    it('answers 400 naming every bad field, and sends nothing', async () => {
      const sent = nodeAgent.received.length;
      const response = await request(
        'POST',
        url,
        { environment: 'Moon', moduleName: 'payment-processor', version: '2', errorRate: 2 },
        { 'Idempotency-Key': '' },
      );

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(
          /^Invalid fault: environment .*; version .*; errorRate .*; Idempotency-Key /,
        ) as string,
        fields: {
          environment: 'must be one of Development, QA, Staging, Production',
          version: expect.any(String) as string,
          errorRate: 'must be a number from 0 to 1',
          'Idempotency-Key': expect.any(String) as string,
        },
      });
      expect(nodeAgent.received.length).toBe(sent);
    });

    it.each<[string, Record<string, unknown>]>([
      ['environment', { environment: 'Prod' }],
      ['moduleName', { moduleName: 'Payment_Processor' }],
      ['version', { version: 'latest' }],
      ['errorRate', { errorRate: 1.01 }],
      ['latencyMs', { latencyMs: 600_001 }],
      ['cpu', { cpu: -1 }],
      ['memory', { memory: 100.5 }],
      ['failInstall', { failInstall: 'true' }],
      ['effects', { errorRate: undefined, latencyMs: undefined, failInstall: false }],
    ])('answers 400 naming %s alone, and sends nothing', async (field, change) => {
      const sent = nodeAgent.received.length;
      const response = await request('POST', url, { ...body, ...change });

      expect(response.status).toBe(400);
      expect(Object.keys((response.body as { fields: object }).fields)).toEqual([field]);
      expect(nodeAgent.received.length).toBe(sent);
    });

    it("answers 400 with the node-agent's fields when it refuses the fault", async () => {
      const response = await request('POST', url, { ...body, moduleName: 'refused' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Unknown module',
        fields: { moduleName: 'is not deployed in Development' },
      });
    });

    it('answers 503 when the node-agent cannot do it now', async () => {
      const response = await request('POST', url, { ...body, moduleName: 'overloaded' });
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ statusCode: 503, message: 'The event store is down' });
    });
  });

  describe('GET', () => {
    it('lists the active faults, of one environment when asked (in any letter case)', async () => {
      const qa = await inject({ environment: 'QA', cpu: 95, errorRate: undefined });
      const development = await inject();

      const all = await request('GET', url);
      expect(all.status).toBe(200);
      const items = (all.body as { items: Fault[] }).items;
      expect(items).toEqual(expect.arrayContaining([qa, development]));

      const onlyQa = await request('GET', `${url}?environment=qa`);
      expect(onlyQa.status).toBe(200);
      expect(onlyQa.body).toEqual({
        items: items.filter((fault) => fault.environment === 'QA'),
      });
      expect(nodeAgent.received.at(-1)).toEqual({
        subject: faultSubjects(prefix).listFaultsSubject,
        data: { environment: 'QA' },
      });
    });

    it('answers 400 for a bad environment, and sends nothing', async () => {
      const sent = nodeAgent.received.length;
      const response = await request('GET', `${url}?environment=Moon`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid query: environment must be one of Development, QA, Staging, Production',
        fields: { environment: 'must be one of Development, QA, Staging, Production' },
      });
      expect(nodeAgent.received.length).toBe(sent);
    });

    it('answers one fault where the Location points, 404 for another id', async () => {
      const fault = await inject({ memory: 97 });
      const one = await request('GET', `${url}/${fault.faultId}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(fault);

      const other = await request('GET', `${url}/${randomUUID()}`);
      expect(other.status).toBe(404);
      expect(other.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });
  });

  describe('DELETE', () => {
    it('removes the fault and answers 204, then 404', async () => {
      const fault = await inject({ failInstall: true });
      const target = `${url}/${fault.faultId}`;

      const removed = await request('DELETE', target);
      expect(removed.status).toBe(204);
      expect(removed.body).toBeUndefined();
      expect(nodeAgent.received.at(-1)).toEqual({
        subject: faultSubjects(prefix).removeFaultSubject,
        data: {
          commandId: expect.any(String) as string,
          actor: 'admin',
          faultId: fault.faultId,
        },
      });
      const list = (await request('GET', url)).body as { items: Fault[] };
      expect(list.items.map((f) => f.faultId)).not.toContain(fault.faultId);

      const again = await request('DELETE', target);
      expect(again.status).toBe(404);
      expect(again.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `No active fault has the id '${fault.faultId}'`,
      });
    });

    it('is an Admin’s: a Deployer gets 403 and nothing is sent', async () => {
      const fault = await inject();
      const sent = nodeAgent.received.length;
      const asDeployer = { authorization: `Bearer ${testToken('deployer')}` };
      expect(
        (await request('DELETE', `${url}/${fault.faultId}`, undefined, asDeployer)).status,
      ).toBe(403);
      expect((await request('POST', url, body, asDeployer)).status).toBe(403);
      expect((await request('GET', url, undefined, asDeployer)).status).toBe(200);
      expect(nodeAgent.received.length).toBe(sent + 1);
    });
  });

  it('answers 503 with a message when no node-agent listens', async () => {
    const lonely = await gateway(`${prefix}.nobody`);
    try {
      const faults = `${lonely.url}/api/v1/chaos/faults`;
      const responses = [
        await request('POST', faults, body),
        await request('GET', faults),
        await request('DELETE', `${faults}/${randomUUID()}`),
      ];
      for (const response of responses) {
        expect(response.status).toBe(503);
        expect(response.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: expect.stringContaining(
            'The node-agent could not be reached (NO_RESPONDER); try again',
          ) as string,
        });
      }
    } finally {
      await lonely.close();
    }
  });
});
