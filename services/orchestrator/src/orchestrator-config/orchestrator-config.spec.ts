import { ConfigError } from '@hotswap/config';
import { DEFAULT_STAGE_DURATIONS_MS, readOrchestratorConfig } from './orchestrator-config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    readOrchestratorConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected readOrchestratorConfig to throw');
}

describe('readOrchestratorConfig', () => {
  it('has defaults a person can watch', () => {
    expect(readOrchestratorConfig({})).toMatchObject({
      stageDurationsMs: { Development: 2000, QA: 3000, Staging: 4000, Production: 5000 },
      commandTimeoutMs: 5000,
      commandRetry: { budgetMs: 15_000 },
      stageDeadlineMs: 3_600_000,
      deploymentDeadlineMs: 172_800_000,
      rollbackDeadlineMs: 600_000,
      leaseTtlMs: 5000,
    });
  });

  it('takes one stage duration for every environment', () => {
    expect(readOrchestratorConfig({ HOTSWAP_STAGE_DURATIONS_MS: '0' }).stageDurationsMs).toEqual({
      Development: 0,
      QA: 0,
      Staging: 0,
      Production: 0,
    });
  });

  it('takes stage durations per environment; the ones not named keep their default', () => {
    const config = readOrchestratorConfig({
      HOTSWAP_STAGE_DURATIONS_MS: 'Development=10, QA=20',
    });
    expect(config.stageDurationsMs).toEqual({
      ...DEFAULT_STAGE_DURATIONS_MS,
      Development: 10,
      QA: 20,
    });
  });

  it.each(['-1', 'fast', 'Dev=10', 'Development=', 'Development=1.5', 'QA=10=20', '3600001'])(
    'names HOTSWAP_STAGE_DURATIONS_MS when it is %p',
    (value) => {
      const [problem] = problemsOf({ HOTSWAP_STAGE_DURATIONS_MS: value });
      expect(problem).toMatch(/^HOTSWAP_STAGE_DURATIONS_MS has '.*': expected milliseconds/);
    },
  );

  it('names every bad variable at once', () => {
    expect(
      problemsOf({
        HOTSWAP_STAGE_DURATIONS_MS: 'x',
        HOTSWAP_ORCHESTRATOR_COMMAND_TIMEOUT_MS: '0',
        HOTSWAP_COMMAND_RETRY_BUDGET_MS: 'many',
        HOTSWAP_ORCHESTRATOR_LEASE_TTL_MS: '10',
      }).map((problem) => problem.split(' ')[0]),
    ).toEqual([
      'HOTSWAP_STAGE_DURATIONS_MS',
      'HOTSWAP_ORCHESTRATOR_COMMAND_TIMEOUT_MS',
      'HOTSWAP_COMMAND_RETRY_BUDGET_MS',
      'HOTSWAP_ORCHESTRATOR_LEASE_TTL_MS',
    ]);
  });
});
