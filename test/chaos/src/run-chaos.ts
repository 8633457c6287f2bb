import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChaosCluster, LEASE_TTL_MS } from './chaos-cluster.js';
import { FaultInjector } from './fault-injector.js';
import { planFaults } from './fault-schedule.js';
import { GatewayApi } from './gateway-api.js';
import type { ChaosOptions } from './options.js';
import { planWorkload } from './plan.js';
import { Random } from './random.js';
import { passed, report, summaryLine, type ChaosFigures } from './report.js';
import { runWorkload } from './workload.js';
import { waitUntilTerminal } from './settle.js';
import { checkSystem } from './check-system.js';

export interface ChaosRun {
  readonly figures: ChaosFigures;
  readonly passed: boolean;
  /** The run's folder (servers' data, logs, figures), kept when the run failed or `keep`. */
  readonly dir: string;
}

/**
 * One chaos run: the cluster (two of every service), the seeded workload under the seeded
 * faults for `durationMs`, then the faults stop, every deployment gets `settleMs` to end, and
 * the checks run. Prints as it goes and the figures last; stops every process it started.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosRun> {
  // Not in jest's temporary folder: its teardown would remove a failed run's folder with it.
  const dir = mkdtempSync(path.join(os.tmpdir(), `hotswap-chaos-${options.seed}-`));
  // Made once per process by libs/testing (the test users' file): in the run's folder.
  process.env['HOTSWAP_TEST_TMP_DIR'] ??= dir;
  const plan = planWorkload(
    new Random(options.seed),
    options.deployments,
    options.durationMs,
    options.seed,
  );
  const scenarios = countBy(plan.map((p) => `${p.scenario}`));
  const environments = countBy(plan.map((p) => p.environment));
  console.log(
    `chaos: seed ${options.seed}, ${plan.length} deployments over ${options.durationMs / 1_000} s (${format(scenarios)}; ${format(environments)}), faults: ${options.faults}, ${options.instances} instances of every service, folder ${dir}`,
  );
  const cluster = await ChaosCluster.start(dir, options.instances);
  let figures: ChaosFigures;
  try {
    const schedule = planFaults(
      new Random(options.seed + 7_919),
      options.faults,
      options.durationMs,
      cluster.allInstances(),
      LEASE_TTL_MS,
    );
    console.log(
      `chaos: cluster up (gateways ${cluster.gateways.join(', ')}); ${schedule.length} faults planned`,
    );
    const api = new GatewayApi(cluster.gateways);
    const startedAt = Date.now();
    const deadline = startedAt + options.durationMs + options.settleMs;
    const injector = new FaultInjector(cluster, schedule);
    injector.start();
    const workload = runWorkload(plan, api, deadline);
    await new Promise((resolve) => setTimeout(resolve, options.durationMs));
    const faults = await injector.stop();
    console.log(`chaos: faults stopped after ${((Date.now() - startedAt) / 1_000).toFixed(0)} s`);
    const { accepted, refused } = await workload;
    console.log(`chaos: clients done: ${accepted.length} accepted, ${refused.length} refused`);
    await waitUntilTerminal(api, accepted, deadline);
    figures = await checkSystem(
      cluster,
      api,
      plan.length,
      accepted,
      refused,
      faults,
      options.settleMs,
    );
    writeFileSync(
      path.join(dir, 'figures.json'),
      JSON.stringify({ options, figures, accepted }, null, 2),
    );
  } finally {
    // Also when a check itself failed: the logs say what the processes did.
    console.log(`chaos: logs in ${cluster.writeLogs()}`);
    await cluster.stop();
  }
  const ok = passed(figures);
  console.log(report(figures));
  if (ok && !options.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`chaos: run folder kept: ${dir}`);
  console.log(summaryLine(figures));
  return { figures, passed: ok, dir };
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function format(counts: ReadonlyMap<string, number>): string {
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}
