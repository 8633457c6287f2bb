import { SUBJECTS, type QueryNodeMetricsReply, type SwitchTrafficReply } from '@hotswap/contracts';
import { derivedEventId } from '@hotswap/event-sourcing';
import { sendCommand } from '@hotswap/messaging';
import { uniqueName } from '@hotswap/testing';
import { FaultCommands, injectFaultCommand } from '../../test/fault-commands.js';
import { NodeAgentFixture } from '../../test/node-agent-fixture.js';
import { moduleHistory, nodeCommand, NodeCommands } from '../../test/node-commands.js';

describe('Blue-Green on a node: stage, smoke-test, switch, switch back, release', () => {
  let fixture: NodeAgentFixture;
  let nodes: NodeCommands;
  beforeAll(async () => {
    fixture = await NodeAgentFixture.start();
    nodes = new NodeCommands(fixture.client, 'Staging');
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  /** A node serving `blue` of a fresh module, with `green` staged beside it. */
  const blueWithGreenStaged = async (nodeId: string, blue = '1.0.0', green = '2.0.0') => {
    const moduleName = uniqueName('mod');
    expect(await nodes.install(nodeCommand(nodeId, moduleName, blue))).toMatchObject({ ok: true });
    expect(await nodes.stage(nodeCommand(nodeId, moduleName, green))).toMatchObject({ ok: true });
    return moduleName;
  };

  it('serves blue while green is staged and smoke-tested, switches in one step, and back', async () => {
    const moduleName = uniqueName('mod');
    await nodes.install(nodeCommand('staging-01', moduleName, '1.0.0'));

    const stage = nodeCommand('staging-01', moduleName, '2.0.0');
    expect(await nodes.stage(stage)).toEqual({
      ok: true,
      nodeId: 'staging-01',
      version: '2.0.0',
      activeVersion: '1.0.0',
    });
    expect(await nodes.describe('staging-01')).toMatchObject({
      modules: { [moduleName]: '1.0.0' },
      standby: { [moduleName]: '2.0.0' },
    });
    expect(await nodes.smoke('staging-01', moduleName, '2.0.0')).toEqual({
      ok: true,
      nodeId: 'staging-01',
      passed: true,
      reason: null,
    });

    expect(await nodes.switch(nodeCommand('staging-01', moduleName, '2.0.0'))).toEqual({
      ok: true,
      nodeId: 'staging-01',
      activeVersion: '2.0.0',
      standbyVersion: '1.0.0',
    });
    expect(await nodes.describe('staging-01')).toMatchObject({
      modules: { [moduleName]: '2.0.0' },
      standby: { [moduleName]: '1.0.0' },
    });

    // Abort within the switch-back window: blue is still on standby, so it serves again at once.
    expect(await nodes.switch(nodeCommand('staging-01', moduleName, '1.0.0'))).toEqual({
      ok: true,
      nodeId: 'staging-01',
      activeVersion: '1.0.0',
      standbyVersion: '2.0.0',
    });
    expect(await nodes.release(nodeCommand('staging-01', moduleName, '2.0.0'))).toEqual({
      ok: true,
      nodeId: 'staging-01',
      released: true,
    });
    const described = await nodes.describe('staging-01');
    expect(described?.modules[moduleName]).toBe('1.0.0');
    expect(described?.standby?.[moduleName]).toBeUndefined();

    const history = await moduleHistory(fixture.store, 'staging-01', moduleName);
    expect(history.map(([type]) => type)).toEqual([
      'ModuleInstalled',
      'ModuleStaged',
      'TrafficSwitched',
      'TrafficSwitched',
      'StandbyReleased',
    ]);
    expect(history[1]![1]).toMatchObject({ version: '2.0.0', replaced: null });
    expect(history[2]![1]).toMatchObject({ from: '1.0.0', to: '2.0.0' });
    expect(history[3]![1]).toMatchObject({ from: '2.0.0', to: '1.0.0' });
    const [staged] = (await fixture.store.readStream('node-staging-01')).filter(
      (event) => event.id === derivedEventId(stage.commandId, 0),
    );
    expect(staged?.metadata).toMatchObject({
      correlationId: 'deployment-bg',
      causationId: stage.commandId,
      actor: 'service:strategy-runner',
    });
  });

  it('refuses to switch to a version that is not on standby, and records nothing', async () => {
    const moduleName = await blueWithGreenStaged('staging-02');
    const before = await moduleHistory(fixture.store, 'staging-02', moduleName);
    const refused = await nodes.switch(nodeCommand('staging-02', moduleName, '3.0.0'));
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'CONFLICT',
        message: `Node staging-02 has 2.0.0 of ${moduleName} on standby, not 3.0.0: stage it first`,
      },
    });
    expect(await moduleHistory(fixture.store, 'staging-02', moduleName)).toEqual(before);
  });

  it('answers ok, recording nothing, when asked to switch to the version that serves', async () => {
    const moduleName = await blueWithGreenStaged('staging-03');
    const before = await moduleHistory(fixture.store, 'staging-03', moduleName);
    expect(await nodes.switch(nodeCommand('staging-03', moduleName, '1.0.0'))).toEqual({
      ok: true,
      nodeId: 'staging-03',
      activeVersion: '1.0.0',
      standbyVersion: '2.0.0',
    });
    expect(await moduleHistory(fixture.store, 'staging-03', moduleName)).toEqual(before);
  });

  it('answers a retried switch as the first time and switches once, even after the switch back', async () => {
    const moduleName = await blueWithGreenStaged('staging-04');
    const toGreen = nodeCommand('staging-04', moduleName, '2.0.0');
    const first = await nodes.switch(toGreen);
    // Sent twice at once (a retry after a lost reply), then again later.
    const retries = await Promise.all([nodes.switch(toGreen), nodes.switch(toGreen)]);
    expect(retries).toEqual([first, first]);
    await nodes.switch(nodeCommand('staging-04', moduleName, '1.0.0'));
    // A late copy of the first switch must not put green back into service.
    expect(await nodes.switch(toGreen)).toEqual(first);
    expect((await nodes.describe('staging-04'))?.modules[moduleName]).toBe('1.0.0');
    // … nor leave the agent believing it did: a new switch to green still switches.
    expect(await nodes.switch(nodeCommand('staging-04', moduleName, '2.0.0'))).toMatchObject({
      activeVersion: '2.0.0',
      standbyVersion: '1.0.0',
    });
    expect((await nodes.describe('staging-04'))?.modules[moduleName]).toBe('2.0.0');
    const switches = (await moduleHistory(fixture.store, 'staging-04', moduleName)).filter(
      ([type]) => type === 'TrafficSwitched',
    );
    expect(switches.map(([, data]) => (data as { to: string }).to)).toEqual([
      '2.0.0',
      '1.0.0',
      '2.0.0',
    ]);
  });

  it('reports telemetry of the version that serves: green’s fault only once switched', async () => {
    const moduleName = uniqueName('mod');
    const faults = new FaultCommands(fixture.client);
    expect(
      await faults.inject(injectFaultCommand({ moduleName, version: '2.0.0', errorRate: 0.25 })),
    ).toMatchObject({ ok: true });
    await nodes.install(nodeCommand('staging-05', moduleName, '1.0.0'));
    await nodes.stage(nodeCommand('staging-05', moduleName, '2.0.0'));
    const freshErrorRate = async () => {
      // A window ahead of now holds no readings yet: the node is read afresh (QueryNodeMetrics).
      const from = Date.now() + 3_600_000;
      const reply = await sendCommand<QueryNodeMetricsReply>(
        fixture.client,
        SUBJECTS.queryNodeMetrics,
        {
          environment: 'Staging',
          nodeIds: ['staging-05'],
          from: new Date(from).toISOString(),
          to: new Date(from + 1).toISOString(),
          minSamplesPerNode: 1,
        },
      );
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.nodes[0]!.samples[0]!.errorRate;
    };
    expect(await freshErrorRate()).toBeLessThan(0.05);
    await nodes.switch(nodeCommand('staging-05', moduleName, '2.0.0'));
    expect(await freshErrorRate()).toBeCloseTo(0.25, 1);
  });

  it('names the bad fields of a malformed switch, and refuses a node it does not host', async () => {
    const malformed = await nodes.send<SwitchTrafficReply>('switch', 'staging-01', {
      nodeId: 'staging-01',
      moduleName: 'Payments!',
    });
    expect(malformed).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        fields: {
          commandId: 'is required',
          actor: 'is required',
          correlationId: 'is required',
          moduleName: expect.any(String) as string,
          version: 'is required',
        },
      },
    });
    expect(await nodes.switch(nodeCommand('staging-11', 'payments', '2.0.0'))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
