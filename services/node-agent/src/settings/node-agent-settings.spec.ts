import { ConfigError } from '@hotswap/config';
import { readNodeAgentSettings } from './node-agent-settings.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    readNodeAgentSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.message);
    throw error;
  }
  return [];
};

describe('node agent settings', () => {
  it('defaults to the documented cluster sizes, no failures, telemetry every 5 s', () => {
    const settings = readNodeAgentSettings({});
    expect(settings.clusterSizes).toEqual({ Development: 3, QA: 5, Staging: 10, Production: 20 });
    expect([...settings.simulatedInstallFailures]).toEqual([]);
    expect(settings.telemetryIntervalMs).toBe(5_000);
  });

  it('reads sizes for some environments, failures and the interval', () => {
    const settings = readNodeAgentSettings({
      HOTSWAP_CLUSTER_SIZES: 'Development=2, Production=4',
      HOTSWAP_SIMULATED_INSTALL_FAILURES: 'development-02:broken-module,production-04:x',
      HOTSWAP_TELEMETRY_INTERVAL_MS: '250',
    });
    expect(settings.clusterSizes).toEqual({ Development: 2, QA: 5, Staging: 10, Production: 4 });
    expect([...settings.simulatedInstallFailures]).toEqual([
      'development-02:broken-module',
      'production-04:x',
    ]);
    expect(settings.telemetryIntervalMs).toBe(250);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      HOTSWAP_CLUSTER_SIZES: 'Development=0',
      HOTSWAP_SIMULATED_INSTALL_FAILURES: 'development-01',
      HOTSWAP_TELEMETRY_INTERVAL_MS: 'soon',
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^HOTSWAP_CLUSTER_SIZES has 'Development=0'/);
    expect(problems[1]).toMatch(/^HOTSWAP_SIMULATED_INSTALL_FAILURES has 'development-01'/);
    expect(problems[2]).toMatch(/^HOTSWAP_TELEMETRY_INTERVAL_MS is 'soon'/);
  });

  it('refuses unknown environments, repeated ones and failures of nodes that do not exist', () => {
    expect(problemsOf({ HOTSWAP_CLUSTER_SIZES: 'Dev=3' })[0]).toMatch(/has 'Dev=3'/);
    expect(problemsOf({ HOTSWAP_CLUSTER_SIZES: 'QA=1,QA=2' })[0]).toMatch(/names QA twice/);
    expect(
      problemsOf({
        HOTSWAP_CLUSTER_SIZES: 'Development=2',
        HOTSWAP_SIMULATED_INSTALL_FAILURES: 'development-03:payments',
      })[0],
    ).toMatch(/names node 'development-03', which is not in the cluster/);
  });
});
