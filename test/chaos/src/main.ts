/**
 * `npm run chaos` (deploy/local/chaos.mjs builds, then runs this): the chaos suite of issue 12.
 * Exit code 0 only when every failure figure is 0; 2 for bad arguments; 130 on Ctrl-C, after
 * stopping every process it started.
 */
import { ChaosCluster } from './chaos-cluster.js';
import { parseChaosArgs, USAGE, type ChaosOptions } from './options.js';
import { runChaos } from './run-chaos.js';

async function main(): Promise<number> {
  let options: ChaosOptions;
  try {
    options = parseChaosArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nusage: ${USAGE}`);
    return 2;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`chaos: ${signal}: stopping every process started`);
      void ChaosCluster.stopAll().finally(() => process.exit(130));
    });
  }
  const run = await runChaos(options);
  return run.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error('chaos: the run itself failed:', error);
    await ChaosCluster.stopAll();
    process.exit(1);
  },
);
