import { checkReadiness } from './readiness.js';

describe('checkReadiness', () => {
  it('is ok when every probe answers', async () => {
    const report = await checkReadiness({ nats: async () => {}, redis: async () => {} }, 100);
    expect(report).toEqual({ status: 'ok', checks: { nats: 'up', redis: 'up' } });
  });

  it('names what is down and why', async () => {
    const report = await checkReadiness(
      {
        nats: async () => {},
        redis: async () => {
          throw new Error('connection is reconnecting');
        },
      },
      100,
    );
    expect(report).toEqual({
      status: 'unavailable',
      checks: { nats: 'up', redis: 'down' },
      reasons: { redis: 'connection is reconnecting' },
    });
  });

  it('counts a probe that does not answer in time as down, without waiting for it', async () => {
    const started = Date.now();
    const report = await checkReadiness({ eventStore: () => new Promise<void>(() => {}) }, 50);
    expect(report).toEqual({
      status: 'unavailable',
      checks: { eventStore: 'down' },
      reasons: { eventStore: 'no answer within 50 ms' },
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('counts a probe that throws synchronously as down', async () => {
    const report = await checkReadiness(
      {
        nats: () => {
          throw new Error('connection closed');
        },
      },
      50,
    );
    expect(report.reasons).toEqual({ nats: 'connection closed' });
  });
});
