import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { NATS_CONNECTION } from '@hotswap/service-host';
import { testInfrastructure, uniqueName } from '@hotswap/testing';
import { FakeOrchestrator } from '../../test/fake-orchestrator.js';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { GatewayOptions } from '../gateway-options.js';
import { RequestDeploymentController } from './request-deployment.controller.js';
import { executionIdFor, RequestDeploymentHandler } from './request-deployment.js';

const body = {
  moduleName: 'payment-processor',
  version: '2.1.0',
  targetEnvironment: 'Development',
  requesterEmail: 'alice@example.com',
};

describe('POST /api/v1/deployments', () => {
  const subject = `${uniqueName('gw')}.cmd.RequestDeployment`;
  let nc: NatsConnection;
  let orchestrator: FakeOrchestrator;
  let app: HttpApp;
  let url: string;

  async function gateway(requestDeploymentSubject: string): Promise<HttpApp> {
    return startHttpApp({
      controllers: [RequestDeploymentController],
      providers: [
        RequestDeploymentHandler,
        { provide: NATS_CONNECTION, useValue: nc },
        {
          provide: GatewayOptions,
          useValue: new GatewayOptions({ requestDeploymentSubject, requestTimeoutMs: 2_000 }),
        },
      ],
    });
  }

  beforeAll(async () => {
    nc = await connect({ servers: testInfrastructure().natsUrl });
    orchestrator = new FakeOrchestrator(nc, subject);
    app = await gateway(subject);
    url = `${app.url}/api/v1/deployments`;
  });
  afterAll(async () => {
    await app.close();
    orchestrator.stop();
    await nc.close();
  });

  it('asks the orchestrator and answers 202 with the deployment and its Location', async () => {
    const response = await request('POST', url, body);

    expect(response.status).toBe(202);
    const executionId = (response.body as { executionId: string }).executionId;
    expect(response.body).toEqual({
      executionId,
      status: 'Pending',
      moduleName: 'payment-processor',
      moduleVersion: '2.1.0',
      targetEnvironment: 'Development',
      requesterEmail: 'alice@example.com',
      requestedBy: 'admin',
      links: { self: `/api/v1/deployments/${executionId}` },
    });
    expect(response.headers.get('location')).toBe(`/api/v1/deployments/${executionId}`);
    expect(orchestrator.received.at(-1)).toEqual({
      commandId: expect.any(String) as string,
      actor: 'admin',
      executionId,
      moduleName: 'payment-processor',
      version: '2.1.0',
      targetEnvironment: 'Development',
      requesterEmail: 'alice@example.com',
    });
  });

  it('returns the same deployment for a retry with the same Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await request('POST', url, body, { 'Idempotency-Key': key });
    const retry = await request('POST', url, body, { 'Idempotency-Key': key });

    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    expect(retry.body).toEqual(first.body);
    expect((first.body as { executionId: string }).executionId).toBe(executionIdFor(key));
    const commands = orchestrator.received.slice(-2);
    expect(commands[0]!.executionId).toBe(commands[1]!.executionId);
    expect(commands[0]!.commandId).not.toBe(commands[1]!.commandId);
  });

  it('answers 409 when the Idempotency-Key was used for another request', async () => {
    const key = randomUUID();
    await request('POST', url, body, { 'Idempotency-Key': key });
    const other = await request(
      'POST',
      url,
      { ...body, version: '2.2.0' },
      { 'Idempotency-Key': key },
    );

    expect(other.status).toBe(409);
    expect(other.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: expect.stringContaining('exists with other data') as string,
    });
  });

  it('answers 400 naming every bad field, and sends nothing', async () => {
    const sent = orchestrator.received.length;
    const response = await request(
      'POST',
      url,
      { moduleName: 'Payment Processor', version: '2.1', targetEnvironment: 'Development' },
      { 'Idempotency-Key': '' },
    );

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(
        /^Invalid deployment request: moduleName .*version .*requesterEmail/,
      ) as string,
      fields: {
        moduleName: expect.any(String) as string,
        version: expect.any(String) as string,
        requesterEmail: 'must be an email address',
        'Idempotency-Key': expect.any(String) as string,
      },
    });
    expect(orchestrator.received.length).toBe(sent);
  });

  it("answers 400 with the orchestrator's fields when it refuses the request", async () => {
    const response = await request('POST', url, { ...body, moduleName: 'refused' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Unknown module',
      fields: { moduleName: 'is not a registered module' },
    });
  });

  it('answers 503 when the orchestrator cannot do it now', async () => {
    const response = await request('POST', url, { ...body, moduleName: 'overloaded' });
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ statusCode: 503, message: 'The event store is down' });
  });

  it('answers 503 with a message when no orchestrator listens', async () => {
    const lonely = await gateway(`${subject}.nobody`);
    try {
      const response = await request('POST', `${lonely.url}/api/v1/deployments`, body);
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringContaining(
          'The orchestrator could not be reached (NO_RESPONDER)',
        ) as string,
      });
    } finally {
      await lonely.close();
    }
  });
});
