import { nodeStream } from '@hotswap/contracts';
import type { HandleOptions } from '@hotswap/event-sourcing';
import { installedVersion } from '@hotswap/node-domain';
import { uniqueName } from '@hotswap/testing';
import { NodeAgentFixture } from '../../test/node-agent-fixture.js';
import { Nodes } from './nodes.js';

/** Two instances of the node-agent over one event store, each with its own memory of the nodes. */
describe('Nodes, with two node-agents', () => {
  let fixture: NodeAgentFixture;
  let mine: Nodes;
  let theirs: Nodes;
  beforeAll(async () => {
    fixture = await NodeAgentFixture.start();
    mine = fixture.agent.app.get(Nodes);
    theirs = (await fixture.startAnother()).app.get(Nodes);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const nodeId = 'qa-03';
  const by = (commandId: string): HandleOptions => ({
    causationId: commandId,
    metadata: { correlationId: 'deployment-3', actor: 'service:strategy-runner' },
  });
  const at = '2025-01-01T10:00:00.000Z';

  it('rolls a node back that the other agent updated since this one last saw it', async () => {
    const moduleName = uniqueName('mod');
    const install = (version: string) =>
      ({
        type: 'InstallModule',
        nodeId,
        moduleName,
        version,
        installId: uniqueName('cmd'),
        at,
      }) as const;
    await mine.handle(nodeId, install('1.0.0'), by(uniqueName('cmd')));
    // The other agent installs 2.0.0: `mine` still remembers 1.0.0.
    await theirs.handle(nodeId, install('2.0.0'), by(uniqueName('cmd')));

    const rolledBack = await mine.handle(
      nodeId,
      { type: 'RollBackModule', nodeId, moduleName, version: '1.0.0', at },
      by(uniqueName('cmd')),
    );
    expect(rolledBack.newEvents).toMatchObject([
      { type: 'ModuleRolledBack', data: { from: '2.0.0', version: '1.0.0' } },
    ]);
    const stored = (await fixture.store.readStream(nodeStream(nodeId))).filter(
      (e) => (e.data as { moduleName: string }).moduleName === moduleName,
    );
    expect(stored.map((e) => e.type)).toEqual([
      'ModuleInstalled',
      'ModuleInstalled',
      'ModuleRolledBack',
    ]);
    expect(installedVersion(await theirs.current(nodeId), moduleName)).toBe('1.0.0');
  });
});
