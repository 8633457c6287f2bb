import type { Environment } from '@hotswap/contracts';
import { requestedEvent } from '@hotswap/testing';
import { request, startHttpApp, type HttpApp } from '../../test/http-app.js';
import { intContext, type IntContext } from '../../test/int-context.js';
import {
  evolveDeploymentDocument,
  type DeploymentDocument,
  type DeploymentStatus,
} from '../deployments-projection/deployment-document.js';
import { DeploymentDocuments } from '../deployments-projection/deployment-documents.js';
import { GetDeploymentController } from '../get-deployment/get-deployment.controller.js';
import { GetDeploymentHandler } from '../get-deployment/get-deployment.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { REDIS } from '@hotswap/service-host';
import { ListDeploymentsController } from './list-deployments.controller.js';
import { ListDeploymentsHandler, type DeploymentPage } from './list-deployments.js';

describe('GET /api/v1/deployments (and one of them)', () => {
  let context: IntContext;
  let app: HttpApp;
  let documents: DeploymentDocuments;
  let position = 0n;
  const all: DeploymentDocument[] = [];

  async function save(document: DeploymentDocument): Promise<void> {
    position += 1n;
    await documents.save(document, position);
  }

  function deployment(
    i: number,
    environment: Environment,
    moduleName: string,
    status: DeploymentStatus,
  ): DeploymentDocument {
    const requested = requestedEvent({
      executionId: `exec-${String(i).padStart(2, '0')}`,
      moduleName,
      targetEnvironment: environment,
      // Two deployments share each minute: paging must order ties too.
      requestedAt: new Date(Date.UTC(2025, 0, 1, 10, Math.floor(i / 2))).toISOString(),
    });
    return { ...evolveDeploymentDocument(undefined, requested)!, status };
  }

  async function list(query: string): Promise<DeploymentPage> {
    const response = await request('GET', `${app.url}/api/v1/deployments${query}`);
    expect(response.status).toBe(200);
    return response.body as DeploymentPage;
  }

  async function listAll(query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const separator: string = query ? '&' : '?';
      const page: DeploymentPage = await list(
        cursor === null ? query : `${query}${separator}cursor=${cursor}`,
      );
      ids.push(...page.items.map((item) => item.executionId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return ids;
  }

  const newestFirst = (documents: DeploymentDocument[]) =>
    [...documents].reverse().map((document) => document.executionId);

  beforeAll(async () => {
    context = await intContext();
    documents = new DeploymentDocuments(context.redis, context.keys);
    for (let i = 0; i < 25; i++) {
      const document = deployment(
        i,
        i % 2 === 0 ? 'Development' : 'QA',
        i % 3 === 0 ? 'billing' : 'payment-processor',
        i % 4 === 0 ? 'Failed' : 'Completed',
      );
      all.push(document);
      await save(document);
    }
    app = await startHttpApp({
      controllers: [ListDeploymentsController, GetDeploymentController],
      providers: [
        ListDeploymentsHandler,
        GetDeploymentHandler,
        { provide: REDIS, useValue: context.redis },
        { provide: ReadModelKeys, useValue: context.keys },
      ],
    });
  });
  afterAll(async () => {
    await app.close();
    await context.close();
  });

  it('lists the 20 newest by default, then the rest after the cursor', async () => {
    const first = await list('');
    expect(first.items.map((item) => item.executionId)).toEqual(newestFirst(all).slice(0, 20));
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`?cursor=${first.nextCursor}`);
    expect(second.items.map((item) => item.executionId)).toEqual(newestFirst(all).slice(20));
    expect(second.nextCursor).toBeNull();
  });

  it('pages through everything, ties included, without repeating or skipping', async () => {
    expect(await listAll('?limit=1')).toEqual(newestFirst(all));
    expect(await listAll('?limit=7')).toEqual(newestFirst(all));
  });

  it('filters by environment, status and module name, alone or together', async () => {
    const expected = (keep: (d: DeploymentDocument) => boolean) => newestFirst(all.filter(keep));
    expect(await listAll('?environment=QA&limit=4')).toEqual(
      expected((d) => d.targetEnvironment === 'QA'),
    );
    expect(await listAll('?status=Failed&limit=3')).toEqual(expected((d) => d.status === 'Failed'));
    expect(await listAll('?moduleName=billing')).toEqual(
      expected((d) => d.moduleName === 'billing'),
    );
    expect(
      await listAll('?environment=Development&status=Completed&moduleName=billing&limit=2'),
    ).toEqual(
      expected(
        (d) =>
          d.targetEnvironment === 'Development' &&
          d.status === 'Completed' &&
          d.moduleName === 'billing',
      ),
    );
    expect(await list('?moduleName=nothing-here')).toEqual({ items: [], nextCursor: null });
  });

  it('lists a deployment under its new status once it changed', async () => {
    const changed: DeploymentDocument = { ...all[24]!, status: 'RolledBack' };
    await save(changed);
    all[24] = changed;
    expect(await listAll('?status=RolledBack')).toEqual([changed.executionId]);
    expect(await listAll('?status=Failed')).not.toContain(changed.executionId);
  });

  it('answers 400 naming each bad parameter', async () => {
    const response = await request('GET', `${app.url}/api/v1/deployments?limit=500&status=Done`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(
        /^Invalid query: status must be one of .*; limit must be an integer from 1 to 100$/,
      ) as string,
      fields: { status: expect.any(String) as string, limit: 'must be an integer from 1 to 100' },
    });
  });

  it('answers one deployment by id, and 404 with a message for an unknown one', async () => {
    const found = await request('GET', `${app.url}/api/v1/deployments/exec-03`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual(all[3]);

    const missing = await request('GET', `${app.url}/api/v1/deployments/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: "No deployment has the execution id 'nope'",
    });
  });
});
