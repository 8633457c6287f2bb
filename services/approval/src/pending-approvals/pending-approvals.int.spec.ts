import { Redis } from 'ioredis';
import { testInfrastructure } from '@hotswap/testing';
import { approvalSettings } from '../../test/approval-fixture.js';
import { PendingApprovals } from './pending-approvals.js';

describe('the pending-approvals read model', () => {
  let redis: Redis;
  let pending: PendingApprovals;
  beforeAll(() => {
    redis = new Redis(testInfrastructure().redisUrl);
    pending = new PendingApprovals(redis, approvalSettings());
  });
  afterAll(() => redis.quit());

  it('keeps pending approvals by request time, per environment', async () => {
    await pending.add('late', 'Production', '2026-01-01T00:00:02.000Z', 12n);
    await pending.add('early', 'Staging', '2026-01-01T00:00:01.000Z', 10n);
    expect(await pending.executionIds()).toEqual(['early', 'late']);
    expect(await pending.executionIds('Staging')).toEqual(['early']);
    await pending.remove('early', 13n);
    expect(await pending.executionIds()).toEqual(['late']);
    expect(await pending.executionIds('Staging')).toEqual([]);
  });

  it('ignores a redelivered event older than the last one applied', async () => {
    await pending.add('e1', 'QA', '2026-01-01T00:00:00.000Z', 100n);
    await pending.remove('e1', 102n);
    // Redelivered after a crash (the checkpoint is written behind): no write.
    await pending.add('e1', 'QA', '2026-01-01T00:00:00.000Z', 100n);
    expect(await pending.executionIds('QA')).toEqual([]);
    // Positions compare as numbers, not as text ("99" < "100").
    await pending.add('e2', 'QA', '2026-01-01T00:00:00.000Z', 100n);
    await pending.remove('e2', 99n);
    expect(await pending.executionIds('QA')).toEqual(['e2']);
  });
});
