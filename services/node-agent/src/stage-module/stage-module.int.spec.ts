import type { StageModuleReply } from '@hotswap/contracts';
import { uniqueName } from '@hotswap/testing';
import { FaultCommands, injectFaultCommand } from '../../test/fault-commands.js';
import { NodeAgentFixture } from '../../test/node-agent-fixture.js';
import { moduleHistory, nodeCommand, NodeCommands } from '../../test/node-commands.js';

describe('staging a module version on a node’s standby slot (Blue-Green)', () => {
  let fixture: NodeAgentFixture;
  let nodes: NodeCommands;
  let faults: FaultCommands;
  beforeAll(async () => {
    fixture = await NodeAgentFixture.start();
    nodes = new NodeCommands(fixture.client, 'Staging');
    faults = new FaultCommands(fixture.client);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  it('stages beside what serves, and replaces what was staged before', async () => {
    const moduleName = uniqueName('mod');
    expect(await nodes.stage(nodeCommand('staging-01', moduleName, '2.0.0'))).toEqual({
      ok: true,
      nodeId: 'staging-01',
      version: '2.0.0',
      activeVersion: null,
    });
    await nodes.stage(nodeCommand('staging-01', moduleName, '2.0.1'));
    const described = await nodes.describe('staging-01');
    expect(described?.modules[moduleName]).toBeUndefined();
    expect(described?.standby?.[moduleName]).toBe('2.0.1');
    expect(await moduleHistory(fixture.store, 'staging-01', moduleName)).toEqual([
      ['ModuleStaged', expect.objectContaining({ version: '2.0.0', replaced: null })],
      ['ModuleStaged', expect.objectContaining({ version: '2.0.1', replaced: '2.0.0' })],
    ]);
    // Nodes with nothing on standby are described without the field.
    expect(await nodes.describe('staging-10')).not.toHaveProperty('standby');
  });

  it('answers a retry as the first time and stages once, even after the switch and a new fault', async () => {
    const moduleName = uniqueName('mod');
    await nodes.install(nodeCommand('staging-02', moduleName, '1.0.0'));
    const stage = nodeCommand('staging-02', moduleName, '2.0.0');
    const first = await nodes.stage(stage);
    expect(first).toMatchObject({ ok: true, activeVersion: '1.0.0' });
    expect(await Promise.all([nodes.stage(stage), nodes.stage(stage)])).toEqual([first, first]);

    await nodes.switch(nodeCommand('staging-02', moduleName, '2.0.0'));
    await faults.inject(
      injectFaultCommand({ moduleName, version: '2.0.0', errorRate: undefined, failInstall: true }),
    );
    // Staging green again now would push blue, the version a switch back needs, off standby.
    expect(await nodes.stage(stage)).toEqual(first);
    expect(await nodes.describe('staging-02')).toMatchObject({
      modules: { [moduleName]: '2.0.0' },
      standby: { [moduleName]: '1.0.0' },
    });
    const history = await moduleHistory(fixture.store, 'staging-02', moduleName);
    expect(history.filter(([type]) => type === 'ModuleStaged')).toHaveLength(1);
  });

  it('fails, recording nothing, for a version a fault fails to install in the environment', async () => {
    const moduleName = uniqueName('mod');
    const fault = injectFaultCommand({
      moduleName,
      version: '2.0.0',
      errorRate: undefined,
      failInstall: true,
    });
    expect(await faults.inject(fault)).toMatchObject({ ok: true });
    await nodes.install(nodeCommand('staging-03', moduleName, '1.0.0'));
    expect(await nodes.stage(nodeCommand('staging-03', moduleName, '2.0.0'))).toEqual({
      ok: false,
      error: {
        code: 'OPERATION_FAILED',
        message: `Staging ${moduleName} 2.0.0 on staging-03 failed (simulated by fault '${fault.faultId}')`,
      },
    });
    expect(await moduleHistory(fixture.store, 'staging-03', moduleName)).toHaveLength(1);
    expect(await nodes.stage(nodeCommand('staging-03', moduleName, '2.0.1'))).toMatchObject({
      ok: true,
    });
  });

  it('fails as installs do where HOTSWAP_SIMULATED_INSTALL_FAILURES says so', async () => {
    const development = new NodeCommands(fixture.client, 'Development');
    const failed = await development.stage(nodeCommand('development-02', 'broken-module', '1.0.0'));
    expect(failed).toMatchObject({
      ok: false,
      error: {
        code: 'OPERATION_FAILED',
        message: expect.stringContaining('HOTSWAP_SIMULATED_INSTALL_FAILURES') as string,
      },
    });
    expect(await moduleHistory(fixture.store, 'development-02', 'broken-module')).toEqual([]);
  });

  it('names the bad fields, and the node the subject names', async () => {
    const malformed = await nodes.send<StageModuleReply>('stage', 'staging-01', {
      commandId: 'c1',
      nodeId: 'staging-01',
      correlationId: 'd1',
      moduleName: 'payments',
      version: 'latest',
    });
    expect(malformed).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        fields: { actor: 'is required', version: 'must be a semantic version such as 2.1.0' },
      },
    });
    const elsewhere = await nodes.send<StageModuleReply>(
      'stage',
      'staging-02',
      nodeCommand('staging-01', 'payments', '2.0.0'),
    );
    expect(elsewhere).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { nodeId: expect.any(String) as string } },
    });
  });
});
