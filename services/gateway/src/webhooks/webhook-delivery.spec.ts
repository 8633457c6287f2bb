import { DEFAULT_WEBHOOK_OPTIONS } from '../gateway-options.js';
import { deliveryBudgetMs } from './webhook-delivery.js';

describe('deliveryBudgetMs', () => {
  it('covers every attempt timing out and every back-off between them', () => {
    // 6 attempts of 10 s, waits of 1 + 2 + 4 + 8 + 16 s, and a 10 s margin.
    expect(deliveryBudgetMs(DEFAULT_WEBHOOK_OPTIONS)).toBe(60_000 + 31_000 + 10_000);
    expect(deliveryBudgetMs({ maxAttempts: 1, backoffMs: 1_000, timeoutMs: 500 })).toBe(10_500);
  });
});
