import { randomUUID } from 'node:crypto';
import { deploymentStream, nodeStream, rolloutStream } from '@hotswap/contracts';
import { newEvent, type JetStreamEventStore } from '@hotswap/event-store';
import { eventually } from '@hotswap/testing';
import { cliStore } from '../../test/cli-store.js';
import { historyCommand } from '../history/history-command.js';
import { tailCommand } from './tail-command.js';

describe('hotswap tail and history --follow', () => {
  let store: JetStreamEventStore;
  let close: () => Promise<void>;
  const at = '2026-11-22T10:00:00.000Z';

  beforeAll(async () => {
    ({ store, close } = await cliStore());
    // Before any tail starts: not shown by it.
    await store.append(deploymentStream(randomUUID()), [newEvent('DeploymentStarted', {})]);
  });
  afterAll(() => close());

  it('tail shows what is stored from now on, of one category and types, until stopped', async () => {
    const all: string[] = [];
    const starts: string[] = [];
    const stop = new AbortController();
    const tails = [
      tailCommand([], (line) => all.push(line), stop.signal),
      tailCommand(
        ['--category', 'deployment', '--type', 'StageStarted', '--json'],
        (line) => starts.push(line),
        stop.signal,
      ),
    ];
    await new Promise((resolve) => setTimeout(resolve, 300));
    const id = randomUUID();
    await store.append(deploymentStream(id), [
      newEvent('DeploymentStarted', { executionId: id, startedAt: at }),
      newEvent('StageStarted', { executionId: id, stage: 'Build', startedAt: at }),
    ]);
    await store.append(rolloutStream(id), [
      newEvent('StageStarted', { note: 'a rollout event of the same type' }),
    ]);
    await eventually(async () => all.length === 3 && starts.length === 1, {
      what: 'the tails to show the new events',
    });
    stop.abort();
    await Promise.all(tails);
    expect(all.map((line) => line.split(/\s+/)[2])).toEqual([
      'DeploymentStarted',
      'StageStarted',
      'StageStarted',
    ]);
    expect(JSON.parse(starts[0]!)).toMatchObject({
      type: 'StageStarted',
      stream: deploymentStream(id),
    });
  });

  it('history --follow prints the timeline, then what follows, and ends with the deployment', async () => {
    const id = randomUUID();
    const ours = { correlationId: id };
    await store.append(deploymentStream(id), [
      newEvent(
        'DeploymentRequested',
        {
          executionId: id,
          moduleName: 'payment-processor',
          version: '2.1.0',
          targetEnvironment: 'Development',
          requesterEmail: 'alice@example.com',
          requestedAt: at,
        },
        ours,
      ),
    ]);
    const lines: string[] = [];
    const stop = new AbortController();
    let ended = false;
    const following = historyCommand(
      [id, '--follow'],
      (line) => lines.push(line),
      stop.signal,
    ).then(() => (ended = true));
    await eventually(async () => lines.length === 1, { what: 'the timeline so far' });
    await store.append(rolloutStream(id), [
      newEvent(
        'RolloutStarted',
        { rolloutId: id, executionId: id, nodes: ['development-07'] },
        ours,
      ),
    ]);
    await store.append(nodeStream('development-07'), [
      newEvent('ModuleInstalled', { nodeId: 'development-07' }, ours),
      newEvent('ModuleInstalled', { nodeId: 'development-07' }, { correlationId: 'another' }),
    ]);
    await store.append(deploymentStream(id), [
      newEvent('DeploymentCompleted', { executionId: id, completedAt: at }, ours),
    ]);
    await eventually(async () => ended, { what: 'history --follow to end with the deployment' });
    await following;
    expect(lines.map((line) => line.split(/\s+/)[2])).toEqual([
      'DeploymentRequested',
      'RolloutStarted',
      'ModuleInstalled',
      'DeploymentCompleted',
    ]);
    // A finished deployment: --follow has nothing to wait for.
    const again: string[] = [];
    await historyCommand([id, '--follow'], (line) => again.push(line), stop.signal);
    expect(again).toEqual(lines);
  });

  it('names a bad option', async () => {
    await expect(
      tailCommand(['--category'], () => {}, new AbortController().signal),
    ).rejects.toThrow(/Option --category needs a value/);
    await expect(
      tailCommand(['--type', 'not a type'], () => {}, new AbortController().signal),
    ).rejects.toThrow(/is not an event type/);
  });
});
