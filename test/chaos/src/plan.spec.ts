import { planFaults } from './fault-schedule.js';
import { expectedOutcome, planWorkload } from './plan.js';
import { Random } from './random.js';
import { parseChaosArgs } from './options.js';

const instances = ['gateway', 'orchestrator'].flatMap((service) =>
  [0, 1].map((index) => ({ service: service as 'gateway' | 'orchestrator', index })),
);

describe('the chaos plan', () => {
  it('is the same for the same seed and another for another seed', () => {
    const plan = (seed: number) => planWorkload(new Random(seed), 200, 240_000, seed);
    expect(plan(5)).toEqual(plan(5));
    expect(plan(5).map((p) => p.environment)).not.toEqual(plan(6).map((p) => p.environment));
  });

  it('plans every environment and every scenario, the deployments in time order', () => {
    const plan = planWorkload(new Random(1), 200, 240_000, 1);
    expect(plan).toHaveLength(200);
    expect(new Set(plan.map((p) => p.environment))).toEqual(
      new Set(['Development', 'QA', 'Staging', 'Production']),
    );
    expect(new Set(plan.map((p) => p.scenario))).toEqual(
      new Set(['healthy', 'faulty', 'pause-resume', 'abort', 'pause-abort', 'rollback']),
    );
    expect(
      plan.filter((p) => p.scenario === 'faulty').every((p) => p.environment === 'Production'),
    ).toBe(true);
    const times = plan.map((p) => p.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.max(...times)).toBeLessThan(240_000);
    // Versions never repeat within a module and environment: each deployment is its own.
    const keys = plan.map((p) => `${p.moduleName}/${p.environment}/${p.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('rolls back only what waited for an earlier deployment of its module to be accepted', () => {
    const plan = planWorkload(new Random(2), 40, 60_000, 2);
    for (const rollback of plan.filter((p) => p.scenario === 'rollback')) {
      const before = plan[rollback.after!]!;
      expect(before).toMatchObject({ moduleName: rollback.moduleName, environment: 'QA' });
      expect(before.index).toBeLessThan(rollback.index);
    }
    expect(expectedOutcome('faulty')).toBe('RolledBack');
    expect(expectedOutcome('pause-resume')).toBe('Completed');
  });
});

describe('the fault schedule', () => {
  it('with all faults: kills every few seconds, two long stops, each server crashed twice, one flush', () => {
    const faults = planFaults(new Random(3), 'all', 240_000, instances, 5_000);
    const kinds = (kind: string) => faults.filter((f) => f.kind === kind);
    expect(kinds('kill').length).toBeGreaterThan(240 / 6 - 2);
    for (const kill of kinds('kill')) {
      expect(kill).toMatchObject({ downMs: expect.any(Number) as unknown });
      if (kill.kind === 'kill') expect(kill.downMs).toBeGreaterThanOrEqual(1_000);
    }
    expect(kinds('stop')).toHaveLength(2);
    for (const stop of kinds('stop'))
      if (stop.kind === 'stop') expect(stop.stoppedMs).toBeGreaterThan(5_000);
    expect(kinds('restart-nats')).toHaveLength(2);
    expect(kinds('restart-redis')).toHaveLength(2);
    expect(kinds('flush-redis')).toHaveLength(1);
    expect(planFaults(new Random(3), 'all', 240_000, instances, 5_000)).toEqual(faults);
  });

  it('with services only, no server fault; with servers only, no service fault; with none, nothing', () => {
    const servers = planFaults(new Random(3), 'servers', 60_000, instances, 5_000);
    expect(new Set(servers.map((f) => f.kind))).toEqual(
      new Set(['restart-nats', 'restart-redis', 'flush-redis']),
    );
    const faults = planFaults(new Random(3), 'services', 60_000, instances, 5_000);
    expect(new Set(faults.map((f) => f.kind))).toEqual(new Set(['kill', 'stop']));
    expect(planFaults(new Random(3), 'none', 60_000, instances, 5_000)).toEqual([]);
  });
});

describe('npm run chaos arguments', () => {
  it('reads seed, deployments, durations and the fault level', () => {
    expect(
      parseChaosArgs([
        '--seed',
        '7',
        '--deployments',
        '40',
        '--duration',
        '90s',
        '--settle',
        '2m',
        '--faults',
        'none',
      ]),
    ).toMatchObject({
      seed: 7,
      deployments: 40,
      durationMs: 90_000,
      settleMs: 120_000,
      faults: 'none',
      instances: 2,
    });
  });

  it('refuses a bad value, naming the option', () => {
    expect(() => parseChaosArgs(['--faults', 'some'])).toThrow("--faults 'some'");
    expect(() => parseChaosArgs(['--duration', 'soon'])).toThrow("--duration 'soon'");
    expect(() => parseChaosArgs(['--deployments', '3'])).toThrow('--deployments');
    expect(() => parseChaosArgs(['--seeds', '3'])).toThrow();
  });
});
