import { randomUUID } from 'node:crypto';
import { deploymentStream } from '@hotswap/contracts';
import { asEventData, completedRun, eventually, requestedEvent } from '@hotswap/testing';
import { intContext, type IntContext } from '../../test/int-context.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import type { LeasedProjection } from '../read-model/leased-projection.js';
import { DeploymentDocuments } from './deployment-documents.js';
import { indexMember } from './deployment-index.js';
import { applyDeploymentEvents, deploymentsProjection } from './deployments-projection.js';

describe('the deployments projection', () => {
  let context: IntContext;
  let projection: LeasedProjection;
  let documents: DeploymentDocuments;

  beforeAll(async () => {
    context = await intContext();
    documents = new DeploymentDocuments(context.redis, context.keys);
    projection = deploymentsProjection(context.resources());
    projection.start();
  });
  afterAll(async () => {
    await projection.stop();
    await context.close();
  });

  async function record(executionId: string, events = completedRun({ executionId })) {
    const { position } = await context.eventStore.append(
      deploymentStream(executionId),
      asEventData(events),
    );
    await projection.processedUpTo(position);
    return position;
  }

  it('writes each deployment as the API shows it, with its listing indexes', async () => {
    const executionId = randomUUID();
    await record(executionId);

    const document = await documents.load(executionId);
    expect(document).toMatchObject({
      executionId,
      status: 'Completed',
      moduleName: 'payment-processor',
      targetEnvironment: 'Development',
      duration: '00:00:05.000',
    });
    expect(document?.stages.every((stage) => stage.status === 'Succeeded')).toBe(true);

    const member = indexMember(document!);
    const { redis, keys } = context;
    expect(await redis.zscore(keys.deploymentsByTime(), member)).toBe('0');
    expect(await redis.zscore(keys.deploymentsByEnvironment('Development'), member)).toBe('0');
    expect(await redis.zscore(keys.deploymentsByModule('payment-processor'), member)).toBe('0');
    expect(await redis.zscore(keys.deploymentsByStatus('Completed'), member)).toBe('0');
    // It passed through Pending and Running: the status index moved it along.
    expect(await redis.zscore(keys.deploymentsByStatus('Pending'), member)).toBeNull();
    expect(await redis.zscore(keys.deploymentsByStatus('Running'), member)).toBeNull();
  });

  it('changes nothing when an old event is delivered again', async () => {
    const executionId = randomUUID();
    const last = await record(executionId);
    const docKey = context.keys.deploymentDoc(executionId);
    const before = await context.redis.mget(docKey, ReadModelKeys.positionOf(docKey));
    expect(before[1]).toBe(last.toString());

    // Build's StageStarted again: applied, it would put the finished deployment back to Running.
    const stored = await context.eventStore.readStream(deploymentStream(executionId));
    const buildStarted = stored.find((event) => event.type === 'StageStarted')!;
    await applyDeploymentEvents(documents)([buildStarted]);

    expect(await context.redis.mget(docKey, ReadModelKeys.positionOf(docKey))).toEqual(before);
    const document = (await documents.load(executionId))!;
    expect(await documents.save({ ...document, status: 'Running' }, buildStarted.position)).toBe(
      false,
    );
    expect((await documents.load(executionId))?.status).toBe('Completed');
  });

  it('moves a deployment between status indexes as it changes', async () => {
    const executionId = randomUUID();
    await record(executionId, [
      requestedEvent({ executionId }),
      {
        type: 'DeploymentQueued',
        data: { executionId, behind: 'other', queuedAt: '2025-01-01T10:00:00.000Z' },
      },
    ]);
    const member = indexMember((await documents.load(executionId))!);
    const { redis, keys } = context;
    expect(await redis.zscore(keys.deploymentsByStatus('Queued'), member)).toBe('0');

    await record(executionId, [
      { type: 'DeploymentStarted', data: { executionId, startedAt: '2025-01-01T10:00:01.000Z' } },
    ]);
    expect(await redis.zscore(keys.deploymentsByStatus('Queued'), member)).toBeNull();
    expect(await redis.zscore(keys.deploymentsByStatus('Running'), member)).toBe('0');
  });

  it('runs on one instance at a time and continues from the checkpoint on another', async () => {
    const other = deploymentsProjection(
      context.resources({ owner: 'other-instance', leaseTtlMs: 300 }),
    );
    other.start();
    try {
      const executionId = randomUUID();
      await record(executionId, [requestedEvent({ executionId })]);
      expect(other.active).toBe(false);

      await projection.stop();
      await eventually(() => other.active, { what: 'the other instance to take the lease' });
      const { position } = await context.eventStore.append(
        deploymentStream(executionId),
        asEventData([
          {
            type: 'DeploymentStarted',
            data: { executionId, startedAt: '2025-01-01T10:00:01.000Z' },
          },
        ]),
      );
      await other.processedUpTo(position);
      expect((await documents.load(executionId))?.status).toBe('Running');
    } finally {
      await other.stop();
      projection = deploymentsProjection(context.resources());
      projection.start();
    }
  });
});
