import { deploymentStream } from '@hotswap/contracts';
import type { DeploymentCommand } from '@hotswap/deployment-domain';
import { InMemoryEventStore } from '@hotswap/event-store';
import { DeploymentCommands } from './deployment-commands.js';

const executionId = 'exec-1';
const at = '2025-01-01T10:00:00.000Z';
const request: DeploymentCommand = {
  type: 'RequestDeployment',
  data: {
    executionId,
    moduleName: 'pay',
    version: '2.1.0',
    targetEnvironment: 'Development',
    requesterEmail: 'a@example.com',
    requestedAt: at,
  },
};
const completeBuild: DeploymentCommand = {
  type: 'CompleteStage',
  data: { stage: 'Build', outcome: 'succeeded', message: 'ok', at },
};

/** Two orchestrator instances over one store: each remembers the states it has seen. */
describe('DeploymentCommands', () => {
  let store: InMemoryEventStore;
  let mine: DeploymentCommands;
  let theirs: DeploymentCommands;
  beforeEach(() => {
    store = new InMemoryEventStore();
    mine = new DeploymentCommands(store);
    theirs = new DeploymentCommands(store);
  });

  it('records events with the correlation, causation and actor', async () => {
    await mine.execute(executionId, request, { causationId: 'cmd-1', actor: 'alice@example.com' });
    const [event] = await store.readStream(deploymentStream(executionId));
    expect(event?.metadata).toMatchObject({
      correlationId: executionId,
      causationId: 'cmd-1',
      actor: 'alice@example.com',
    });
    expect(typeof event?.metadata.timestamp).toBe('string');
  });

  it('does not take "nothing to do" from a stale memory: it checks the stored state', async () => {
    await mine.execute(executionId, request, { causationId: 'cmd-1' });
    // Another instance (it held the lease) started the deployment; `mine` still remembers Pending.
    await theirs.execute(
      executionId,
      { type: 'StartDeployment', data: { at } },
      { causationId: 'e1' },
    );
    const handled = await mine.execute(executionId, completeBuild, { causationId: 'e2' });
    expect(handled.newEvents.map((e) => e.type)).toEqual(['StageSucceeded', 'StageStarted']);
  });

  it('reads again when the caller has seen a later revision than it remembers', async () => {
    await mine.execute(executionId, request, { causationId: 'cmd-1' });
    await theirs.execute(
      executionId,
      { type: 'StartDeployment', data: { at } },
      { causationId: 'e1' },
    );
    expect((await mine.state(executionId)).status).toBe('Pending');
    expect((await mine.state(executionId, 2n)).status).toBe('Running');
  });

  it('decides nothing for a real repeat, after checking', async () => {
    await mine.execute(executionId, request, { causationId: 'cmd-1' });
    const again = await mine.execute(executionId, request, { causationId: 'cmd-2' });
    expect(again.newEvents).toEqual([]);
    expect(again.state.status).toBe('Pending');
    expect(await store.readStream(deploymentStream(executionId))).toHaveLength(1);
  });
});
