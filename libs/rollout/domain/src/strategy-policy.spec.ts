// eslint-disable-next-line @nx/enforce-module-boundaries -- reading HOTSWAP_* variables moves to libs/config (issue 13, open)
import { ConfigError, VariableProblems } from '@hotswap/config';
import { readStrategyPolicy, resolveStrategy } from './strategy-policy.js';

const policyOf = (env: Record<string, string> = {}) => {
  const problems = new VariableProblems();
  const policy = readStrategyPolicy(env, problems);
  problems.throwIfAny('strategy-runner');
  return policy;
};

describe('the strategy policy', () => {
  it('has the defaults of the issue: 2-node batches, 10/30/50/100 % waves, 5 minute waits', () => {
    const policy = policyOf();
    expect(policy.QA.rolling.batchSize).toBe(2);
    expect(policy.Production.canary).toMatchObject({
      waves: [10, 30, 50, 100],
      waveWaitMs: 300_000,
      judge: { judge: 'threshold' },
    });
    expect(policy.Staging.blueGreen.smokeTestMs).toBe(300_000);
  });

  it('takes a knob for every environment, and one environment’s own over it', () => {
    const policy = policyOf({
      HOTSWAP_CANARY_WAVE_WAIT_MS: '1000',
      HOTSWAP_PRODUCTION_CANARY_WAVE_WAIT_MS: '0',
      HOTSWAP_QA_ROLLING_BATCH_SIZE: '25%',
      HOTSWAP_CANARY_JUDGE: 'mann-whitney',
    });
    expect(policy.Production.canary.waveWaitMs).toBe(0);
    expect(policy.Staging.canary.waveWaitMs).toBe(1000);
    expect(policy.QA.rolling.batchSize).toBe('25%');
    expect(policy.Production.canary.judge.judge).toBe('mann-whitney');
  });

  it('names every bad variable', () => {
    expect(() =>
      policyOf({
        HOTSWAP_CANARY_WAVES: '50,10',
        HOTSWAP_ROLLING_BATCH_SIZE: 'lots',
        HOTSWAP_QA_OVERRIDABLE_SETTINGS: 'speed',
      }),
    ).toThrow(ConfigError);
    try {
      policyOf({ HOTSWAP_CANARY_WAVES: '50,10', HOTSWAP_ROLLING_BATCH_SIZE: 'lots' });
    } catch (error) {
      expect(String(error)).toMatch(/HOTSWAP_CANARY_WAVES.*increase/s);
      expect(String(error)).toMatch(/HOTSWAP_ROLLING_BATCH_SIZE/);
    }
  });
});

describe('resolving a request’s strategy', () => {
  const policy = policyOf();

  it('uses the environment’s strategy and knobs when the request names none', () => {
    expect(resolveStrategy(policy, 'QA', undefined)).toEqual({
      ok: true,
      strategy: 'Rolling',
      settings: { strategy: 'Rolling', batchSize: 2 },
    });
  });

  it('takes another strategy where the policy allows it, and refuses it elsewhere', () => {
    expect(resolveStrategy(policy, 'Development', 'Canary')).toMatchObject({
      ok: true,
      settings: { strategy: 'Canary' },
    });
    expect(resolveStrategy(policy, 'Production', 'Direct')).toEqual({
      ok: false,
      fields: { strategy: 'Direct is not allowed in Production (allowed: Canary, BlueGreen)' },
    });
  });

  it('applies overrides the policy lets a request set, and names the others', () => {
    expect(
      resolveStrategy(policy, 'Development', 'Canary', { waveWaitMs: 0, judge: 'mann-whitney' }),
    ).toMatchObject({ ok: true, settings: { waveWaitMs: 0, judge: { judge: 'mann-whitney' } } });
    expect(resolveStrategy(policy, 'Production', undefined, { waveWaitMs: 0 })).toEqual({
      ok: false,
      fields: { 'overrides.waveWaitMs': 'may not be set by a request in Production' },
    });
    expect(resolveStrategy(policy, 'QA', undefined, { waves: [100] })).toEqual({
      ok: false,
      fields: { 'overrides.waves': 'applies to Canary, not to Rolling' },
    });
  });

  it('names bad override values', () => {
    const resolved = resolveStrategy(policy, 'Development', 'Canary', {
      waves: [30, 10],
      waveWaitMs: -1,
    });
    expect(resolved).toEqual({
      ok: false,
      fields: {
        'overrides.waves': 'must increase from wave to wave',
        'overrides.waveWaitMs': 'must be a whole number of milliseconds from 0 to 86400000',
      },
    });
    const zero = resolveStrategy(policy, 'QA', undefined, { batchSize: '0%' });
    expect(zero.ok ? undefined : zero.fields['overrides.batchSize']).toMatch(/node count/);
  });
});
