import {
  nodeCommandSubject,
  nodeStream,
  SUBJECTS,
  type Environment,
  type InstallModuleReply,
  type MetricSample,
  type QueryNodeMetricsReply,
} from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import { uniqueName } from '@hotswap/testing';
import {
  FaultCommands,
  injectFaultCommand,
  removeFaultCommand,
} from '../../test/fault-commands.js';
import { NodeAgentFixture, testSettings } from '../../test/node-agent-fixture.js';
import { telemetryAfter } from '../../test/telemetry-watch.js';
import { HEALTHY_RANGES, type HealthSample } from '../telemetry/simulated-health.js';

type Figures = Pick<HealthSample, 'cpuPercent' | 'memoryPercent' | 'latencyMs' | 'errorRate'>;

const expectHealthy = (figures: Figures, only: (keyof Figures)[] = []) => {
  const names = only.length > 0 ? only : (Object.keys(HEALTHY_RANGES) as (keyof Figures)[]);
  for (const name of names) {
    expect(figures[name]).toBeGreaterThanOrEqual(HEALTHY_RANGES[name].min);
    expect(figures[name]).toBeLessThanOrEqual(HEALTHY_RANGES[name].max);
  }
};
const within3Percent = (value: number, target: number) => {
  expect(value).toBeGreaterThanOrEqual(target * 0.97 - 1e-4);
  expect(value).toBeLessThanOrEqual(target * 1.03 + 1e-4);
};

describe('what an injected fault does to the nodes', () => {
  let fixture: NodeAgentFixture;
  let faults: FaultCommands;
  beforeAll(async () => {
    fixture = await NodeAgentFixture.start(testSettings({ telemetryIntervalMs: 50 }));
    faults = new FaultCommands(fixture.client);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const install = (environment: Environment, nodeId: string, moduleName: string, version: string) =>
    sendCommand<InstallModuleReply>(
      fixture.client,
      nodeCommandSubject(environment, nodeId, 'install'),
      {
        commandId: uniqueName('cmd'),
        actor: 'service:strategy-runner',
        nodeId,
        correlationId: 'deployment-1',
        moduleName,
        version,
      },
    );
  const query = (nodeIds: string[], fromMs: number) =>
    sendCommand<QueryNodeMetricsReply>(fixture.client, SUBJECTS.queryNodeMetrics, {
      environment: 'Staging',
      nodeIds,
      from: new Date(fromMs).toISOString(),
      to: new Date().toISOString(),
      minSamplesPerNode: 3,
    });
  const samplesOf = (reply: QueryNodeMetricsReply, nodeId: string): MetricSample[] => {
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.nodes.find((node) => node.nodeId === nodeId)?.samples ?? [];
  };

  it('nodes that run the faulted version report its figures until it is removed; the others stay healthy', async () => {
    const moduleName = uniqueName('mod');
    expect(await install('Staging', 'staging-03', moduleName, '2.0.0')).toMatchObject({ ok: true });
    expect(await install('Staging', 'staging-04', moduleName, '1.0.0')).toMatchObject({ ok: true });
    const command = injectFaultCommand({
      moduleName,
      version: '2.0.0',
      errorRate: 0.25,
      latencyMs: 900,
    });
    expect(await faults.inject(command)).toMatchObject({ ok: true });
    // Readings taken from the next millisecond on were taken with the fault known.
    const injected = Date.now() + 1;
    const nodes = ['staging-03', 'staging-04', 'staging-05'];

    const telemetry = await telemetryAfter(fixture.client, 'Staging', nodes, injected);
    const faulty = telemetry.get('staging-03')!;
    within3Percent(faulty.errorRate, 0.25);
    within3Percent(faulty.latencyMs, 900);
    expectHealthy(faulty, ['cpuPercent', 'memoryPercent']);
    expect(faulty.modules[moduleName]).toBe('2.0.0');
    expectHealthy(telemetry.get('staging-04')!);
    expectHealthy(telemetry.get('staging-05')!);

    const during = await query(nodes, injected);
    for (const sample of samplesOf(during, 'staging-03')) {
      within3Percent(sample.errorRate, 0.25);
      within3Percent(sample.latencyMs, 900);
      expectHealthy(sample, ['cpuPercent', 'memoryPercent']);
    }
    expect(samplesOf(during, 'staging-03').length).toBeGreaterThanOrEqual(3);
    for (const nodeId of ['staging-04', 'staging-05']) {
      expect(samplesOf(during, nodeId).length).toBeGreaterThanOrEqual(3);
      samplesOf(during, nodeId).forEach((sample) => expectHealthy(sample));
    }

    expect(await faults.remove(removeFaultCommand(command.faultId))).toMatchObject({ ok: true });
    const removed = Date.now() + 1;
    expectHealthy(
      (await telemetryAfter(fixture.client, 'Staging', ['staging-03'], removed)).get('staging-03')!,
    );
    const after = await query(['staging-03'], removed);
    expect(samplesOf(after, 'staging-03').length).toBeGreaterThanOrEqual(3);
    samplesOf(after, 'staging-03').forEach((sample) => expectHealthy(sample));
  });

  it('a fault that fails installs makes installing that version fail, naming the fault, until it is removed', async () => {
    const moduleName = uniqueName('mod');
    const command = injectFaultCommand({
      environment: 'Development',
      moduleName,
      version: '3.0.0',
      errorRate: undefined,
      failInstall: true,
    });
    expect(await faults.inject(command)).toMatchObject({ ok: true });
    const before = await fixture.store.readStream(nodeStream('development-01'));

    expect(await install('Development', 'development-01', moduleName, '3.0.0')).toEqual({
      ok: false,
      error: {
        code: 'OPERATION_FAILED',
        message: expect.stringContaining(`fault '${command.faultId}'`) as string,
      },
    });
    expect(await fixture.store.readStream(nodeStream('development-01'))).toEqual(before);
    // Other versions, and the same version in other environments, install.
    expect(await install('Development', 'development-01', moduleName, '3.0.1')).toMatchObject({
      ok: true,
    });
    expect(await install('QA', 'qa-01', moduleName, '3.0.0')).toMatchObject({ ok: true });

    expect(await faults.remove(removeFaultCommand(command.faultId))).toMatchObject({ ok: true });
    expect(await install('Development', 'development-01', moduleName, '3.0.0')).toMatchObject({
      ok: true,
      previousVersion: '3.0.1',
    });
  });
});
