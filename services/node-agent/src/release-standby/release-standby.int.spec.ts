import type { ReleaseStandbyReply } from '@hotswap/contracts';
import { uniqueName } from '@hotswap/testing';
import { NodeAgentFixture } from '../../test/node-agent-fixture.js';
import { moduleHistory, nodeCommand, NodeCommands } from '../../test/node-commands.js';

describe('releasing a node’s standby slot (Blue-Green)', () => {
  let fixture: NodeAgentFixture;
  let nodes: NodeCommands;
  beforeAll(async () => {
    fixture = await NodeAgentFixture.start();
    nodes = new NodeCommands(fixture.client, 'QA');
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  /** qa-01 serving green 2.0.0 of a fresh module, blue 1.0.0 on standby: after the switch. */
  const switched = async () => {
    const moduleName = uniqueName('mod');
    await nodes.install(nodeCommand('qa-01', moduleName, '1.0.0'));
    await nodes.stage(nodeCommand('qa-01', moduleName, '2.0.0'));
    await nodes.switch(nodeCommand('qa-01', moduleName, '2.0.0'));
    return moduleName;
  };

  it('releases blue once the switch-back window is over; green keeps serving', async () => {
    const moduleName = await switched();
    const release = nodeCommand('qa-01', moduleName, '1.0.0');
    expect(await nodes.release(release)).toEqual({ ok: true, nodeId: 'qa-01', released: true });
    const described = await nodes.describe('qa-01');
    expect(described?.modules[moduleName]).toBe('2.0.0');
    expect(described?.standby?.[moduleName]).toBeUndefined();

    // A retry answers as the first time and records nothing more.
    expect(await nodes.release(release)).toEqual({ ok: true, nodeId: 'qa-01', released: true });
    expect((await moduleHistory(fixture.store, 'qa-01', moduleName)).at(-1)).toEqual([
      'StandbyReleased',
      expect.objectContaining({ version: '1.0.0' }),
    ]);
    const releases = (await moduleHistory(fixture.store, 'qa-01', moduleName)).filter(
      ([type]) => type === 'StandbyReleased',
    );
    expect(releases).toHaveLength(1);
  });

  it('leaves a slot that holds another version, or nothing, as it is', async () => {
    const moduleName = await switched();
    const before = await moduleHistory(fixture.store, 'qa-01', moduleName);
    expect(await nodes.release(nodeCommand('qa-01', moduleName, '2.0.0'))).toEqual({
      ok: true,
      nodeId: 'qa-01',
      released: false,
    });
    expect(await nodes.release(nodeCommand('qa-01', uniqueName('mod'), '1.0.0'))).toMatchObject({
      ok: true,
      released: false,
    });
    expect(await moduleHistory(fixture.store, 'qa-01', moduleName)).toEqual(before);
    expect((await nodes.describe('qa-01'))?.standby?.[moduleName]).toBe('1.0.0');
  });

  it('names the bad fields', async () => {
    expect(await nodes.send<ReleaseStandbyReply>('release', 'qa-01', {})).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        fields: {
          commandId: 'is required',
          actor: 'is required',
          nodeId: 'is required',
          correlationId: 'is required',
          moduleName: 'is required',
          version: 'is required',
        },
      },
    });
  });
});
