import {
  nodeCommandSubject,
  SUBJECTS,
  telemetrySubject,
  type DescribeClusterReply,
  type InstallModuleReply,
  type NodeTelemetry,
} from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import { uniqueName } from '@hotswap/testing';
import { NodeAgentFixture, testSettings } from '../../test/node-agent-fixture.js';
import { TelemetryPublisher } from '../telemetry/telemetry-publisher.js';
import type { InProcessService } from '@hotswap/service-host';

describe('describing a cluster', () => {
  let fixture: NodeAgentFixture;
  let other: InProcessService;
  beforeAll(async () => {
    const settings = testSettings({ telemetryIntervalMs: 50 });
    fixture = await NodeAgentFixture.start(settings);
    // A second instance of the agent: it shares commands and must report what the first did.
    other = await fixture.startAnother(settings);
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const describeCluster = (environment: unknown) =>
    sendCommand<DescribeClusterReply>(fixture.client, SUBJECTS.describeCluster, { environment });

  it('lists every node of the environment with the versions its stream records', async () => {
    const moduleName = uniqueName('mod');
    for (const nodeId of ['staging-01', 'staging-07']) {
      const reply = await sendCommand<InstallModuleReply>(
        fixture.client,
        nodeCommandSubject('Staging', nodeId, 'install'),
        {
          commandId: uniqueName('cmd'),
          actor: 'alice@example.com',
          nodeId,
          correlationId: 'd1',
          moduleName,
          version: '3.2.1',
        },
      );
      expect(reply.ok).toBe(true);
    }
    // Several requests, so both instances answer some of them (queue group).
    for (let i = 0; i < 6; i++) {
      const reply = await describeCluster('Staging');
      if (!reply.ok) throw new Error(reply.error.message);
      expect(reply.nodes).toHaveLength(10);
      expect(reply.nodes[0]).toMatchObject({ nodeId: 'staging-01', environment: 'Staging' });
      const versions = reply.nodes.map((node) => node.modules[moduleName] ?? null);
      expect(versions.filter((v) => v !== null)).toEqual(['3.2.1', '3.2.1']);
      expect(versions[6]).toBe('3.2.1');
    }
    // Asked for one module, each node lists that module only (a reply that stays small).
    const filtered = await sendCommand<DescribeClusterReply>(
      fixture.client,
      SUBJECTS.describeCluster,
      { environment: 'Staging', moduleName },
    );
    if (!filtered.ok) throw new Error(filtered.error.message);
    expect(filtered.nodes.map((node) => node.modules)).toEqual(
      filtered.nodes.map((node) =>
        ['staging-01', 'staging-07'].includes(node.nodeId) ? { [moduleName]: '3.2.1' } : {},
      ),
    );
  });

  it('refuses an unknown environment', async () => {
    expect(await describeCluster('Moon')).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', fields: { environment: expect.any(String) as string } },
    });
  });

  it('publishes telemetry for every node, from one instance at a time', async () => {
    const subject = telemetrySubject('Development', 'development-03');
    const subscription = fixture.client.subscribe(subject, { max: 3, timeout: 10_000 });
    const received: NodeTelemetry[] = [];
    for await (const message of subscription) {
      received.push(JSON.parse(new TextDecoder().decode(message.data)) as NodeTelemetry);
    }
    expect(received).toHaveLength(3);
    for (const telemetry of received) {
      expect(telemetry).toMatchObject({
        nodeId: 'development-03',
        environment: 'Development',
        modules: expect.any(Object) as object,
      });
      expect(telemetry.cpuPercent).toBeGreaterThan(0);
      expect(telemetry.memoryPercent).toBeLessThan(90);
      expect(Date.parse(telemetry.heartbeatAt)).not.toBeNaN();
    }
    const publishing = [fixture.agent, other].map((s) => s.app.get(TelemetryPublisher).publishing);
    expect(publishing.filter(Boolean)).toHaveLength(1);
  });
});
