import { ConfigError } from '@hotswap/config';
import { readStrategyRunnerSettings } from './strategy-runner-settings.js';

describe('strategy runner settings', () => {
  it('has defaults, and reads the node command timeout and retry budget', () => {
    expect(readStrategyRunnerSettings({})).toMatchObject({
      nodeCommandTimeoutMs: 5_000,
      commandRetry: { budgetMs: 15_000 },
      subscriberId: 'strategy-runner:rollouts',
      leaseKey: 'hotswap:lease:strategy-runner:rollouts',
    });
    expect(
      readStrategyRunnerSettings({
        HOTSWAP_NODE_COMMAND_TIMEOUT_MS: '750',
        HOTSWAP_COMMAND_RETRY_BUDGET_MS: '0',
      }),
    ).toMatchObject({ nodeCommandTimeoutMs: 750, commandRetry: { budgetMs: 0 } });
  });

  it('names every bad variable', () => {
    try {
      readStrategyRunnerSettings({
        HOTSWAP_NODE_COMMAND_TIMEOUT_MS: '10',
        HOTSWAP_COMMAND_RETRY_BUDGET_MS: 'many',
      });
      throw new Error('accepted bad settings');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([
        'HOTSWAP_NODE_COMMAND_TIMEOUT_MS',
        'HOTSWAP_COMMAND_RETRY_BUDGET_MS',
      ]);
    }
  });
});
