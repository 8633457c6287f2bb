/**
 * The short chaos run of issue 12, part of `npm test`: 40 seeded deployments across the four
 * environments through two instances of every service, under every fault (SIGKILLed services,
 * SIGSTOPs longer than the lease, nats-server and redis-server crashed and restarted, a Redis
 * flush), then every check of the long run (`npm run chaos`, README.md). It prints its figures;
 * a failure names the figures that are not 0 with examples. Seed it again with CHAOS_SEED.
 */
import { ChaosCluster } from './src/chaos-cluster.js';
import { runChaos } from './src/run-chaos.js';
import { summaryLine } from './src/report.js';

const seed = Number(process.env['CHAOS_SEED'] ?? 12);

describe('chaos, short run', () => {
  afterAll(() => ChaosCluster.stopAll());

  it('loses, doubles and leaves stuck nothing under every fault (40 deployments)', async () => {
    const run = await runChaos({
      seed,
      deployments: 40,
      durationMs: 60_000,
      settleMs: 60_000,
      faults: 'all',
      instances: 2,
      keep: false,
    });
    expect(summaryLine(run.figures)).toBe(
      'chaos: 40 accepted, 40 terminal, 0 stuck, 0 lost, 0 wrong outcomes, 0 wrong node versions, 0 duplicate installs, 0 duplicate events, verify ok',
    );
    expect(run.passed).toBe(true);
  }, 240_000);
});
