import { randomUUID } from 'node:crypto';
import { deploymentStream, nodeStream, rolloutStream } from '@hotswap/contracts';
import { newEvent, type JetStreamEventStore } from '@hotswap/event-store';
import { cliStore } from '../../test/cli-store.js';
import { runCaptured } from '../../test/run-captured.js';

describe('hotswap history', () => {
  let store: JetStreamEventStore;
  let close: () => Promise<void>;
  const executionId = randomUUID();

  beforeAll(async () => {
    ({ store, close } = await cliStore());
    const ours = { correlationId: executionId };
    const at = '2026-11-22T10:00:00.000Z';
    await store.append(deploymentStream(executionId), [
      newEvent(
        'DeploymentRequested',
        {
          executionId,
          moduleName: 'payment-processor',
          version: '2.1.0',
          targetEnvironment: 'Development',
          requesterEmail: 'alice@example.com',
          requestedAt: at,
        },
        ours,
      ),
      newEvent('DeploymentStarted', { executionId, startedAt: at }, ours),
      newEvent('StageStarted', { executionId, stage: 'DeployToDevelopment', startedAt: at }, ours),
    ]);
    await store.append(rolloutStream(executionId), [
      newEvent(
        'RolloutStarted',
        { rolloutId: executionId, executionId, strategy: 'Direct', nodes: ['development-01'] },
        ours,
      ),
    ]);
    await store.append(nodeStream('development-01'), [
      newEvent(
        'ModuleInstalled',
        { nodeId: 'development-01', moduleName: 'other', version: '1.0.0', previousVersion: null },
        { correlationId: 'another-deployment' },
      ),
      newEvent(
        'ModuleInstalled',
        {
          nodeId: 'development-01',
          moduleName: 'payment-processor',
          version: '2.1.0',
          previousVersion: '2.0.0',
        },
        ours,
      ),
    ]);
    await store.append(rolloutStream(executionId), [
      newEvent(
        'NodeUpdated',
        {
          rolloutId: executionId,
          nodeId: 'development-01',
          version: '2.1.0',
          previousVersion: '2.0.0',
        },
        ours,
      ),
      newEvent('RolloutSucceeded', { rolloutId: executionId }, ours),
    ]);
  });
  afterAll(() => close());

  const run = runCaptured;

  it('prints the deployment, its rollout and its nodes events in the order they were stored', async () => {
    const { code, out } = await run('history', executionId);
    expect(code).toBe(0);
    expect(out.map((line) => line.split(/\s{2,}/)[2])).toEqual([
      'DeploymentRequested',
      'DeploymentStarted',
      'StageStarted',
      'RolloutStarted',
      'ModuleInstalled',
      'NodeUpdated',
      'RolloutSucceeded',
    ]);
    expect(out[0]).toContain(
      'payment-processor 2.1.0 to Development, requested by alice@example.com',
    );
    expect(out[4]).toContain('payment-processor 2.0.0 → 2.1.0');
    expect(out.join('\n')).not.toContain('other');
  });

  it('prints JSON lines with --json', async () => {
    const { code, out } = await run('history', executionId, '--json');
    expect(code).toBe(0);
    const events = out.map(
      (line) => JSON.parse(line) as { type: string; position: string; stream: string },
    );
    expect(events).toHaveLength(7);
    expect(events[0]).toMatchObject({
      type: 'DeploymentRequested',
      stream: deploymentStream(executionId),
    });
    expect(typeof events[0]!.position).toBe('string');
  });

  it('names the argument that is wrong or missing, and says when there is no such deployment', async () => {
    expect(await run('history')).toMatchObject({
      code: 2,
      err: [expect.stringContaining('Missing argument <executionId>')],
    });
    expect(await run('history', 'a b')).toMatchObject({
      code: 2,
      err: [expect.stringContaining('<executionId>')],
    });
    expect(await run('history', executionId, '--yaml')).toMatchObject({
      code: 2,
      err: [expect.stringContaining('--yaml')],
    });
    expect(await run('nope')).toMatchObject({
      code: 2,
      err: [expect.stringContaining("Unknown command 'nope'")],
    });
    const missing = await run('history', randomUUID());
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toMatch(/No deployment .* in the event store/);
  });
});
