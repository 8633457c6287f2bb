import type { SmokeTestReply } from '@hotswap/contracts';
import { uniqueName } from '@hotswap/testing';
import { FaultCommands, injectFaultCommand } from '../../test/fault-commands.js';
import { NodeAgentFixture } from '../../test/node-agent-fixture.js';
import { moduleHistory, nodeCommand, NodeCommands } from '../../test/node-commands.js';

describe('smoke-testing the version on a node’s standby slot (Blue-Green)', () => {
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

  const staged = async (nodeId: string) => {
    const moduleName = uniqueName('mod');
    await nodes.install(nodeCommand(nodeId, moduleName, '1.0.0'));
    await nodes.stage(nodeCommand(nodeId, moduleName, '2.0.0'));
    return moduleName;
  };

  it('fails for a version a fault degrades, naming the figure and the fault; records nothing', async () => {
    const moduleName = await staged('staging-01');
    expect(await nodes.smoke('staging-01', moduleName, '2.0.0')).toMatchObject({ passed: true });
    const fault = injectFaultCommand({ moduleName, version: '2.0.0', errorRate: 0.25 });
    expect(await faults.inject(fault)).toMatchObject({ ok: true });
    const before = await moduleHistory(fixture.store, 'staging-01', moduleName);
    expect(await nodes.smoke('staging-01', moduleName, '2.0.0')).toEqual({
      ok: true,
      nodeId: 'staging-01',
      passed: false,
      reason: `${moduleName} 2.0.0 on staging-01: fault '${fault.faultId}' gives error rate 0.25 (under 0.05 is healthy)`,
    });
    expect(await moduleHistory(fixture.store, 'staging-01', moduleName)).toEqual(before);
    // Blue, which serves, is not what a smoke test checks.
    await faults.remove({ commandId: uniqueName('cmd'), actor: 'bob', faultId: fault.faultId });
    expect(await nodes.smoke('staging-01', moduleName, '2.0.0')).toMatchObject({ passed: true });
  });

  it('fails for a version that is not on the standby slot', async () => {
    const moduleName = await staged('staging-02');
    expect(await nodes.smoke('staging-02', moduleName, '3.0.0')).toEqual({
      ok: true,
      nodeId: 'staging-02',
      passed: false,
      reason: 'staging-02 has 2.0.0 on standby, not 3.0.0',
    });
    await nodes.switch(nodeCommand('staging-02', moduleName, '2.0.0'));
    expect(await nodes.smoke('staging-02', moduleName, '2.0.0')).toMatchObject({
      passed: false,
      reason: 'staging-02 has 1.0.0 on standby, not 2.0.0',
    });
  });

  it('names the bad fields, and refuses a node it does not host', async () => {
    expect(
      await nodes.send<SmokeTestReply>('smoke', 'staging-01', {
        nodeId: 'staging-01',
        version: 2,
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        fields: { moduleName: 'is required', version: expect.any(String) as string },
      },
    });
    expect(await nodes.smoke('staging-42', 'payments', '2.0.0')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
