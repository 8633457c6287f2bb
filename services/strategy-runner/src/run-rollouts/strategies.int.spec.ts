import type { NatsConnection } from 'nats';
import {
  rolloutStream,
  SUBJECTS,
  type ControlRolloutReply,
  type DescribeClusterReply,
  type Environment,
  type InjectFault,
  type InjectFaultReply,
  type InstallModule,
  type RolloutEvent,
} from '@hotswap/contracts';
import { nodeCommandSubject } from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import { startInProcess, type InProcessService } from '@hotswap/service-host';
import {
  eventually,
  privateNats,
  Teardown,
  testEnvironment,
  uniqueName,
  type LocalServer,
} from '@hotswap/testing';
// eslint-disable-next-line @nx/enforce-module-boundaries -- runs a node-agent in-process beside the runner; to move into a cross-service test folder (issue 13, open)
import { nodeAgentModule } from '../../../node-agent/src/app.module.js';
// eslint-disable-next-line @nx/enforce-module-boundaries -- runs a node-agent in-process beside the runner; to move into a cross-service test folder (issue 13, open)
import { testSettings } from '../../../node-agent/test/node-agent-fixture.js';
import {
  clientOf,
  dataOf,
  finishedRollout,
  sendStartRollout,
  startRolloutCommand,
  startRunner,
  typesOf,
} from '../../test/strategy-runner-fixture.js';

/**
 * Rolling and Canary rollouts against a real node-agent (in process, on a private nats-server):
 * its nodes, its simulated telemetry and the faults injected into it.
 */
describe('Rolling and Canary rollouts against a real node-agent', () => {
  let nats: LocalServer;
  let runner: InProcessService;
  let client: NatsConnection;

  const teardown = new Teardown();
  beforeAll(async () => {
    nats = teardown.add(await privateNats(), (server) => server.stop());
    const env = testEnvironment(nats.url);
    const agentModule = nodeAgentModule(() =>
      testSettings({ simulatedInstallFailures: new Set(['qa-03:flaky-module@2.0.0']) }),
    );
    teardown.add(await startInProcess('node-agent', agentModule, env), (s) => s.close());
    runner = teardown.add(await startRunner(env), (s) => s.close());
    client = teardown.add(await clientOf(nats.url), (nc) => nc.close());
  });
  afterAll(() => teardown.run());

  const store = () => runner.connections.eventStore;
  const data = (events: { type: string; data: unknown }[], type: RolloutEvent['type']) =>
    events.filter((e) => e.type === type).map((e) => e.data as Record<string, unknown>);
  const versionsOf = async (environment: Environment, moduleName: string) => {
    const reply = await sendCommand<DescribeClusterReply>(client, SUBJECTS.describeCluster, {
      environment,
    });
    if (!reply.ok) throw new Error(reply.error.message);
    return [...new Set(reply.nodes.map((node) => node.modules[moduleName] ?? null))];
  };
  /** Puts `version` of `moduleName` on every node of the environment, as a previous deployment would. */
  const installEverywhere = async (
    environment: Environment,
    moduleName: string,
    version: string,
  ) => {
    const nodes = await sendCommand<DescribeClusterReply>(client, SUBJECTS.describeCluster, {
      environment,
    });
    if (!nodes.ok) throw new Error(nodes.error.message);
    await Promise.all(
      nodes.nodes.map(({ nodeId }) => {
        const command: InstallModule = {
          commandId: uniqueName('install'),
          actor: 'test',
          nodeId,
          correlationId: 'setup',
          moduleName,
          version,
        };
        return sendCommand(client, nodeCommandSubject(environment, nodeId, 'install'), command);
      }),
    );
  };
  const injectFault = async (fault: Omit<InjectFault, 'commandId' | 'actor' | 'faultId'>) => {
    const reply = await sendCommand<InjectFaultReply>(client, SUBJECTS.injectFault, {
      commandId: uniqueName('cmd'),
      actor: 'test@example.com',
      faultId: uniqueName('fault'),
      ...fault,
    });
    if (!reply.ok) throw new Error(reply.error.message);
  };

  describe('Rolling', () => {
    it('updates batch after batch, checking each one’s health, and succeeds', async () => {
      const moduleName = uniqueName('rolling-ok');
      const command = startRolloutCommand({
        moduleName,
        targetEnvironment: 'QA',
        strategy: 'Rolling',
      });
      expect(await sendStartRollout(client, command)).toMatchObject({ ok: true });
      const events = await finishedRollout(store(), command.rolloutId);
      expect(typesOf(events)).toEqual([
        'RolloutStarted',
        'BatchStarted',
        'NodeUpdated',
        'NodeUpdated',
        'BatchHealthChecked',
        'BatchCompleted',
        'BatchStarted',
        'NodeUpdated',
        'NodeUpdated',
        'BatchHealthChecked',
        'BatchCompleted',
        'BatchStarted',
        'NodeUpdated',
        'BatchHealthChecked',
        'BatchCompleted',
        'RolloutSucceeded',
      ]);
      expect(dataOf(events[0], 'RolloutStarted')).toMatchObject({
        settings: { strategy: 'Rolling', batchSize: 2 },
        steps: [['qa-01', 'qa-02'], ['qa-03', 'qa-04'], ['qa-05']],
      });
      expect(data(events, 'BatchHealthChecked').every((d) => d['healthy'] === true)).toBe(true);
      expect(await versionsOf('QA', moduleName)).toEqual(['1.0.0']);
    });

    it('stops at a failing batch and puts the batches before it back', async () => {
      const moduleName = 'flaky-module';
      await installEverywhere('QA', moduleName, '1.0.0');
      const command = startRolloutCommand({
        moduleName,
        version: '2.0.0',
        targetEnvironment: 'QA',
        strategy: 'Rolling',
      });
      await sendStartRollout(client, command);
      const events = await finishedRollout(store(), command.rolloutId);
      expect(events.at(-1)?.type).toBe('RolloutRolledBack');
      // qa-03 of batch 2 failed: batch 3 never started, every updated node went back.
      expect(data(events, 'BatchStarted').map((d) => d['batch'])).toEqual([1, 2]);
      expect(
        data(events, 'NodeRolledBack')
          .map((d) => d['nodeId'])
          .sort(),
      ).toEqual(['qa-01', 'qa-02', 'qa-04']);
      expect(String(dataOf(events.at(-1), 'RolloutRolledBack').reason)).toMatch(
        /batch 2 of 3: installing failed on qa-03.*3 nodes put back on 1\.0\.0/,
      );
      expect(await versionsOf('QA', moduleName)).toEqual(['1.0.0']);
    });
  });

  describe('Canary', () => {
    it('rolls out wave after wave, each analysed against the baseline, and succeeds', async () => {
      const moduleName = uniqueName('canary-ok');
      await installEverywhere('Production', moduleName, '1.0.0');
      const command = startRolloutCommand({
        moduleName,
        version: '1.1.0',
        targetEnvironment: 'Production',
        strategy: 'Canary',
      });
      await sendStartRollout(client, command);
      const events = await finishedRollout(store(), command.rolloutId);
      expect(events.at(-1)?.type).toBe('RolloutSucceeded');
      expect(typesOf(events).slice(0, 3)).toEqual([
        'RolloutStarted',
        'BaselineCaptured',
        'CanaryWaveStarted',
      ]);
      // 20 nodes: 10 %, 30 %, 50 %, 100 % → 2, 4, 4 and 10 nodes.
      expect(data(events, 'CanaryWaveStarted').map((d) => (d['nodes'] as string[]).length)).toEqual(
        [2, 4, 4, 10],
      );
      const analyses = data(events, 'CanaryWaveAnalyzed');
      expect(analyses.map((d) => (d['judgement'] as { verdict: string }).verdict)).toEqual([
        'Pass',
        'Pass',
        'Pass',
        'Pass',
      ]);
      // The evidence is in the history: per metric, both sides' summaries and the verdict.
      expect(analyses[0]).toMatchObject({
        wave: 1,
        canaryNodesSampled: 2,
        baselineNodesSampled: 18,
      });
      const first = dataOf(
        events.find((e) => e.type === 'CanaryWaveAnalyzed'),
        'CanaryWaveAnalyzed',
      ).judgement;
      expect(first.judge).toBe('threshold');
      const errorRate = first.metrics.find((m) => m.metric === 'errorRate');
      expect(errorRate?.verdict).toBe('Pass');
      expect(errorRate?.canary.count).toBe(10); // 2 nodes × 5 readings
      expect(errorRate?.baseline.count).toBeGreaterThan(10);
      expect(await versionsOf('Production', moduleName)).toEqual(['1.1.0']);
    });

    it('rolls a degraded version back at the first wave, saying which metric', async () => {
      const moduleName = uniqueName('canary-bad');
      await installEverywhere('Production', moduleName, '1.0.0');
      await injectFault({
        environment: 'Production',
        moduleName,
        version: '2.0.0',
        errorRate: 0.3,
      });
      const command = startRolloutCommand({
        moduleName,
        version: '2.0.0',
        targetEnvironment: 'Production',
        strategy: 'Canary',
      });
      await sendStartRollout(client, command);
      const events = await finishedRollout(store(), command.rolloutId);
      expect(typesOf(events)).toEqual([
        'RolloutStarted',
        'BaselineCaptured',
        'CanaryWaveStarted',
        'NodeUpdated',
        'NodeUpdated',
        'CanaryWaveAnalyzed',
        'RollbackStarted',
        'NodeRolledBack',
        'NodeRolledBack',
        'RolloutRolledBack',
      ]);
      const analysis = dataOf(events[5], 'CanaryWaveAnalyzed');
      expect(analysis.judgement.verdict).toBe('Fail');
      expect(analysis.judgement.metrics.find((m) => m.metric === 'errorRate')?.verdict).toBe(
        'High',
      );
      expect(dataOf(events.at(-1), 'RolloutRolledBack').reason).toMatch(
        /wave 1 of 4 .*failed the canary analysis.*errorRate.*2 nodes put back on 1\.0\.0/,
      );
      expect(await versionsOf('Production', moduleName)).toEqual(['1.0.0']);
    });

    it('judges with Mann–Whitney when the request asks for it where the policy allows', async () => {
      const moduleName = uniqueName('canary-mw');
      await installEverywhere('Development', moduleName, '1.0.0');
      await injectFault({
        environment: 'Development',
        moduleName,
        version: '2.0.0',
        latencyMs: 900,
      });
      const command = startRolloutCommand({
        moduleName,
        version: '2.0.0',
        targetEnvironment: 'Development',
        strategy: 'Canary',
        overrides: { judge: 'mann-whitney' },
      });
      await sendStartRollout(client, command);
      const events = await finishedRollout(store(), command.rolloutId);
      expect(events.at(-1)?.type).toBe('RolloutRolledBack');
      const analysis = data(events, 'CanaryWaveAnalyzed')[0] as {
        judgement: {
          judge: string;
          metrics: { metric: string; verdict: string; pValue?: number }[];
        };
      };
      expect(analysis.judgement.judge).toBe('mann-whitney');
      const latency = analysis.judgement.metrics.find((m) => m.metric === 'latencyMs');
      expect(latency?.verdict).toBe('High');
      expect(latency?.pValue).toBeLessThan(0.02);
      expect(await versionsOf('Development', moduleName)).toEqual(['1.0.0']);
    });

    it('refuses, naming the field, what the environment’s policy does not allow', async () => {
      const reply = await sendStartRollout(
        client,
        startRolloutCommand({
          targetEnvironment: 'Production',
          strategy: 'Canary',
          overrides: { waveWaitMs: 0 },
        }),
      );
      expect(reply).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          fields: { 'overrides.waveWaitMs': 'may not be set by a request in Production' },
        },
      });
    });
  });

  describe('Blue-Green', () => {
    it('stages green, smoke-tests it, switches every node, then releases blue', async () => {
      const moduleName = uniqueName('bg-ok');
      await installEverywhere('Staging', moduleName, '1.0.0');
      const command = startRolloutCommand({
        moduleName,
        version: '2.0.0',
        targetEnvironment: 'Staging',
        strategy: 'BlueGreen',
      });
      await sendStartRollout(client, command);
      const events = await finishedRollout(store(), command.rolloutId);
      expect(typesOf(events).filter((t) => t !== 'NodeUpdated')).toEqual([
        'RolloutStarted',
        'SmokeTestChecked',
        'TrafficSwitched',
        'BlueReleased',
        'RolloutSucceeded',
      ]);
      expect(typesOf(events).filter((t) => t === 'NodeUpdated')).toHaveLength(10);
      expect(await versionsOf('Staging', moduleName)).toEqual(['2.0.0']);
    });

    it('keeps blue serving and clears green when the smoke test fails', async () => {
      const moduleName = uniqueName('bg-bad');
      await installEverywhere('Staging', moduleName, '1.0.0');
      await injectFault({ environment: 'Staging', moduleName, version: '2.0.0', cpu: 97 });
      const command = startRolloutCommand({
        moduleName,
        version: '2.0.0',
        targetEnvironment: 'Staging',
        strategy: 'BlueGreen',
      });
      await sendStartRollout(client, command);
      const events = await finishedRollout(store(), command.rolloutId);
      expect(events.at(-1)?.type).toBe('RolloutRolledBack');
      expect(typesOf(events)).not.toContain('TrafficSwitched');
      expect(dataOf(events.at(-1), 'RolloutRolledBack').reason).toMatch(
        /smoke test of green failed on staging-01 .*blue kept serving/,
      );
      expect(await versionsOf('Staging', moduleName)).toEqual(['1.0.0']);
      const described = await sendCommand<DescribeClusterReply>(client, SUBJECTS.describeCluster, {
        environment: 'Staging',
      });
      if (!described.ok) throw new Error(described.error.message);
      expect(described.nodes.every((n) => n.standby?.[moduleName] === undefined)).toBe(true);
    });
  });

  describe('operator controls', () => {
    const control = (rolloutId: string, action: 'pause' | 'resume' | 'abort' | 'promote') =>
      sendCommand<ControlRolloutReply>(client, SUBJECTS.controlRollout, {
        commandId: uniqueName('cmd'),
        actor: 'ops@example.com',
        rolloutId,
        action,
      });
    /** A Development canary (3 nodes, one per wave) whose waves wait a minute each. */
    const waitingCanary = async () => {
      const moduleName = uniqueName('controlled');
      await installEverywhere('Development', moduleName, '1.0.0');
      const command = startRolloutCommand({
        moduleName,
        version: '2.0.0',
        strategy: 'Canary',
        overrides: { waveWaitMs: 60_000 },
      });
      await sendStartRollout(client, command);
      await eventually(
        async () =>
          typesOf(await store().readStream(rolloutStream(command.rolloutId))).includes(
            'NodeUpdated',
          ),
        { what: 'the first wave installed' },
      );
      return { ...command, moduleName };
    };

    it('promote skips the waits and analyses, and records who did it', async () => {
      const rollout = await waitingCanary();
      expect(await control(rollout.rolloutId, 'promote')).toEqual({
        ok: true,
        rolloutId: rollout.rolloutId,
        status: 'Running',
      });
      const events = await finishedRollout(store(), rollout.rolloutId);
      expect(events.at(-1)?.type).toBe('RolloutSucceeded');
      expect(
        dataOf(
          events.find((e) => e.type === 'RolloutPromoted'),
          'RolloutPromoted',
        ).by,
      ).toBe('ops@example.com');
      expect(typesOf(events)).not.toContain('CanaryWaveAnalyzed');
      expect(await versionsOf('Development', rollout.moduleName)).toEqual(['2.0.0']);
    });

    it('pause holds a rollout; resume and promote carry it on', async () => {
      const rollout = await waitingCanary();
      expect(await control(rollout.rolloutId, 'pause')).toMatchObject({
        ok: true,
        status: 'Paused',
      });
      expect(await control(rollout.rolloutId, 'pause')).toMatchObject({
        ok: true,
        status: 'Paused',
      });
      await control(rollout.rolloutId, 'promote');
      // Promoted but paused: nothing moves.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await versionsOf('Development', rollout.moduleName)).toEqual(['2.0.0', '1.0.0']);
      await control(rollout.rolloutId, 'resume');
      const events = await finishedRollout(store(), rollout.rolloutId);
      expect(events.at(-1)?.type).toBe('RolloutSucceeded');
    });

    it('abort stops and rolls back, naming who aborted', async () => {
      const rollout = await waitingCanary();
      expect(await control(rollout.rolloutId, 'abort')).toMatchObject({ ok: true });
      const events = await finishedRollout(store(), rollout.rolloutId);
      expect(events.at(-1)?.type).toBe('RolloutRolledBack');
      expect(dataOf(events.at(-1), 'RolloutRolledBack').reason).toMatch(
        /aborted by ops@example\.com; 1 node put back on 1\.0\.0/,
      );
      expect(await versionsOf('Development', rollout.moduleName)).toEqual(['1.0.0']);
      // A finished rollout takes no more actions; an unknown one is not found.
      expect(await control(rollout.rolloutId, 'resume')).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      expect(await control('no-such-rollout', 'pause')).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    });
  });
});
