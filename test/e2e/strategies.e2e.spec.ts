/**
 * Issue 4 as a user sees it: each environment deploys with its own strategy, a degraded version
 * in Production is rolled back by itself at the first canary wave with the reason in the API and
 * in the history CLI, and operators pause, resume, abort and promote rollouts over the API.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { eventually, HotSwapSystem } from '@hotswap/testing';
import { ApiClient, type ClusterView, type DeploymentView } from './api-client.js';

const ROOT = path.resolve(__dirname, '../..');
const requesterEmail = 'alice@example.com';

describe('strategies, canary analysis and automatic rollback, end to end', () => {
  let system: HotSwapSystem;
  let api: ApiClient;

  beforeAll(async () => {
    system = await HotSwapSystem.start({
      HOTSWAP_STAGE_DURATIONS_MS: '0',
      HOTSWAP_CANARY_WAVE_WAIT_MS: '0',
      HOTSWAP_BLUE_GREEN_SMOKE_TEST_MS: '0',
      HOTSWAP_BLUE_GREEN_SWITCH_BACK_WINDOW_MS: '0',
      HOTSWAP_TELEMETRY_INTERVAL_MS: '500',
      HOTSWAP_STAGING_OVERRIDABLE_SETTINGS: 'smokeTestMs,switchBackWindowMs',
      // Approvals have their own end-to-end test (approvals.e2e.spec.ts).
      HOTSWAP_STAGING_APPROVAL_REQUIRED: 'false',
      HOTSWAP_PRODUCTION_APPROVAL_REQUIRED: 'false',
      // So are signed modules (signed-modules.e2e.spec.ts): these modules are not registered.
      HOTSWAP_STAGING_STRICT_SIGNATURES: 'false',
      HOTSWAP_PRODUCTION_STRICT_SIGNATURES: 'false',
    });
    api = new ApiClient(system.gateway);
  }, 60_000);
  afterAll(async () => {
    await system?.stop();
  });

  const deploy = async (
    body: Record<string, unknown>,
    until = ['Completed', 'Failed', 'RolledBack'],
  ) => {
    const posted = await api.requestDeployment({ requesterEmail, ...body });
    expect(posted.status).toBe(202);
    return api.waitForStatus(posted.body['executionId'] as string, until, 30_000);
  };
  const versionsIn = async (environment: string, moduleName: string) => {
    const { body } = await api.get<ClusterView>(`/api/v1/clusters/${environment}`);
    return [...new Set(body.nodes.map((n) => n.modules[moduleName] ?? null))];
  };
  const post = (url: string, body: object = {}) => api.post(url, body);
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, 'tools/cli/dist/main.js'), ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...system.env },
      encoding: 'utf8',
    });
  const history = (executionId: string) => cli('history', executionId);

  it('deploys one version through all four environments, each with its strategy', async () => {
    const moduleName = 'checkout-service';
    const strategies: Record<string, string> = {};
    let canary = '';
    for (const targetEnvironment of ['Development', 'QA', 'Staging', 'Production']) {
      const done = await deploy({ moduleName, version: '1.0.0', targetEnvironment });
      expect(done).toMatchObject({ status: 'Completed' });
      canary = done.executionId;
      strategies[targetEnvironment] = (done as DeploymentView & { strategy: string }).strategy;
      expect(await versionsIn(targetEnvironment, moduleName)).toEqual(['1.0.0']);
    }
    expect(strategies).toEqual({
      Development: 'Direct',
      QA: 'Rolling',
      Staging: 'BlueGreen',
      Production: 'Canary',
    });

    // Replayed in the middle of the canary: as it stood after wave 2 was analysed.
    const events = cli('history', canary, '--json')
      .stdout.trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            position: string;
            recordedAt: string;
            type: string;
            data: { wave?: number };
          },
      );
    const wave2 = events.find((e) => e.type === 'CanaryWaveAnalyzed' && e.data.wave === 2)!;
    const replayed = cli('replay', canary, '--at', wave2.position, '--json');
    expect(replayed.status).toBe(0);
    const state = JSON.parse(replayed.stdout) as {
      deployment: { status: string; stages: { name: string; status: string }[] };
      rollout: { strategy: string; status: string; step: number; steps: number };
      waves: { wave: number; verdict: string }[];
    };
    expect(state.deployment.status).toBe('Running');
    expect(state.deployment.stages.find((s) => s.name === 'DeployToProduction')?.status).toBe(
      'Running',
    );
    expect(state.rollout).toMatchObject({
      strategy: 'Canary',
      status: 'Running',
      step: 2,
      steps: 4,
    });
    expect(state.waves.map((w) => [w.wave, w.verdict])).toEqual([
      [1, 'Pass'],
      [2, 'Pass'],
    ]);
    // At the time wave 2's analysis was stored: the same two waves, none after.
    const atTime = cli('replay', canary, '--at', wave2.recordedAt, '--json');
    expect(atTime.status).toBe(0);
    expect(
      (JSON.parse(atTime.stdout) as typeof state).waves.map((w) => [w.wave, w.verdict]),
    ).toEqual([
      [1, 'Pass'],
      [2, 'Pass'],
    ]);
    // Stepped through, the last step is the whole deployment, Completed.
    const steps = cli('replay', canary, '--step').stdout.trim().split('\n');
    expect(steps.at(-1)).toMatch(/→ deployment Completed/);
    expect(cli('replay', canary, '--at', 'yesterday').stderr).toMatch(/Option --at 'yesterday'/);
  });

  it('rolls a degraded version back at the first Production wave, saying why, in the API and the history', async () => {
    const moduleName = 'pricing-engine';
    await deploy({ moduleName, version: '1.0.0', targetEnvironment: 'Production' });
    // Faults are an Admin's to inject.
    const fault = await api.as('admin').post('/api/v1/chaos/faults', {
      environment: 'Production',
      moduleName,
      version: '2.0.0',
      errorRate: 0.25,
    });
    expect(fault.status).toBe(201);

    const done = await deploy({ moduleName, version: '2.0.0', targetEnvironment: 'Production' });
    expect(done.status).toBe('RolledBack');
    expect(done.message).toMatch(/wave 1 of 4 .*failed the canary analysis.*errorRate/);
    expect(done.stages.find((s) => s.name === 'DeployToProduction')?.status).toBe('Failed');
    expect(await versionsIn('Production', moduleName)).toEqual(['1.0.0']);

    const printed = history(done.executionId);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toMatch(
      /CanaryWaveAnalyzed\s+wave 1: Fail \(threshold\): errorRate High/,
    );
    expect(printed.stdout).toMatch(/RolloutRolledBack\s+Canary rollout of pricing-engine 2\.0\.0/);
    expect(printed.stdout).toMatch(/DeploymentRolledBack/);
    // Judged again on the readings it recorded: with a tolerant error-rate policy, wave 1 passes.
    const tolerant = cli('rejudge', done.executionId, '--threshold', 'errorRate=1000', '--json');
    expect(tolerant.status).toBe(0);
    expect(JSON.parse(tolerant.stdout.trim().split('\n')[0]!)).toMatchObject({
      wave: 1,
      recorded: { judge: 'threshold', verdict: 'Fail' },
      rejudged: { judge: 'threshold', verdict: 'Pass' },
      changed: true,
    });
    const same = cli('rejudge', done.executionId);
    expect(same.stdout).toMatch(/0 of 1 wave decisions would change under this policy/);
    expect(cli('rejudge', done.executionId, '--judge', 'bayes').status).toBe(2);
    // The fault that made it misbehave is in its history too.
    expect(printed.stdout).toMatch(
      /FaultInjected\s+\S+: pricing-engine 2\.0\.0 in Production by admin \(errorRate 0\.25\)/,
    );
  });

  it('refuses a strategy or knob the environment’s policy does not allow, naming the field', async () => {
    const refused = await api.requestDeployment({
      requesterEmail,
      moduleName: 'pricing-engine',
      version: '3.0.0',
      targetEnvironment: 'Production',
      strategy: 'Direct',
      overrides: { waveWaitMs: 0 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body['fields']).toEqual({
      strategy: 'Direct is not allowed in Production (allowed: Canary, BlueGreen)',
      'overrides.waveWaitMs': 'applies to Canary, not to Direct',
    });
  });

  it('rolls a Completed deployment back to the versions before it, as a new rollout', async () => {
    const moduleName = 'invoice-service';
    await deploy({ moduleName, version: '1.0.0', targetEnvironment: 'QA' });
    const second = await deploy({ moduleName, version: '1.1.0', targetEnvironment: 'QA' });
    expect(second.status).toBe('Completed');
    expect(await versionsIn('QA', moduleName)).toEqual(['1.1.0']);

    const asked = await post(`/api/v1/deployments/${second.executionId}/rollback`);
    expect(asked).toMatchObject({
      status: 200,
      body: {
        action: 'rollback',
        status: 'RollingBack',
        rolloutId: `${second.executionId}-rollback`,
      },
    });
    const done = await api.waitForStatus(second.executionId, ['RolledBack'], 20_000);
    expect(done.message).toMatch(/rollback of rollout .*5 nodes put back on 1\.0\.0/);
    expect(await versionsIn('QA', moduleName)).toEqual(['1.0.0']);
    expect(history(second.executionId).stdout).toMatch(/DeploymentRollbackRequested/);
  });

  it('switches a Blue-Green deployment back at once when it is aborted within its window', async () => {
    const moduleName = 'session-store';
    await deploy({ moduleName, version: '1.0.0', targetEnvironment: 'Staging' });
    const posted = await api.requestDeployment({
      requesterEmail,
      moduleName,
      version: '2.0.0',
      targetEnvironment: 'Staging',
      overrides: { switchBackWindowMs: 60_000 },
    });
    const executionId = posted.body['executionId'] as string;
    // Traffic switched: every node serves green, blue waits on standby for a minute.
    await eventually(async () => (await versionsIn('Staging', moduleName)).join() === '2.0.0', {
      what: 'green serving on every Staging node',
    });
    const aborted = await post(`/api/v1/deployments/${executionId}/abort`);
    expect(aborted.status).toBe(200);
    const done = await api.waitForStatus(executionId, ['RolledBack'], 10_000);
    expect(done.message).toMatch(/aborted by deployer/);
    expect(await versionsIn('Staging', moduleName)).toEqual(['1.0.0']);
    expect(history(executionId).stdout).toMatch(/TrafficSwitched\s+10 nodes serve green/);
  });

  describe('operators', () => {
    /** A Development canary whose waves wait a minute: there is time to act on it. */
    const waitingCanary = async (moduleName: string) => {
      await deploy({ moduleName, version: '1.0.0', targetEnvironment: 'Development' });
      const posted = await api.requestDeployment({
        requesterEmail,
        moduleName,
        version: '2.0.0',
        targetEnvironment: 'Development',
        strategy: 'Canary',
        overrides: { waveWaitMs: 60_000 },
      });
      const executionId = posted.body['executionId'] as string;
      // The first wave is installed once one node runs the new version.
      await eventually(
        async () => (await versionsIn('Development', moduleName)).includes('2.0.0'),
        {
          what: `the first wave of ${moduleName} 2.0.0`,
        },
      );
      return executionId;
    };

    it('promote finishes a waiting canary at once', async () => {
      const executionId = await waitingCanary('search-api');
      const promoted = await post(`/api/v1/deployments/${executionId}/promote`);
      expect(promoted).toMatchObject({ status: 200, body: { action: 'promote' } });
      expect(await api.waitForStatus(executionId, ['Completed'], 10_000)).toMatchObject({
        status: 'Completed',
      });
      expect(await versionsIn('Development', 'search-api')).toEqual(['2.0.0']);
      expect(history(executionId).stdout).toMatch(/RolloutPromoted\s+by deployer/);
    });

    it('pause holds it, resume lets it go on, abort rolls it back', async () => {
      const executionId = await waitingCanary('ledger-api');
      expect(await post(`/api/v1/deployments/${executionId}/pause`)).toMatchObject({
        status: 200,
        body: { rolloutStatus: 'Paused' },
      });
      expect(await post(`/api/v1/deployments/${executionId}/resume`)).toMatchObject({
        status: 200,
        body: { rolloutStatus: 'Running' },
      });
      expect(await post(`/api/v1/deployments/${executionId}/abort`)).toMatchObject({ status: 200 });
      const done = await api.waitForStatus(executionId, ['RolledBack'], 10_000);
      expect(done.message).toMatch(/aborted by deployer/);
      expect(await versionsIn('Development', 'ledger-api')).toEqual(['1.0.0']);
      // Nothing is left to control; bad requests name the field.
      expect(await post(`/api/v1/deployments/${executionId}/resume`)).toMatchObject({
        status: 409,
      });
      // Only a Deployer (or Admin) controls a deployment; a Viewer is refused.
      expect(await api.as('viewer').post(`/api/v1/deployments/${executionId}/pause`)).toMatchObject(
        { status: 403 },
      );
    });
  });
});
