import type { ChaosCluster } from './chaos-cluster.js';
import {
  checkOutcomes,
  foldDeployment,
  getDeployment,
  rolloutEndedAt,
  type Observed,
} from './checks/deployment-outcomes.js';
import { notReady } from './checks/health.js';
import { checkNodeVersions } from './checks/node-versions.js';
import {
  differences,
  readModelAnswers,
  rebuildReadModels,
  statusesAgainstStore,
} from './checks/read-models.js';
import { duplicateEvents, duplicateInstalls, verifyAll } from './checks/store-integrity.js';
import type { FaultRecord } from './fault-injector.js';
import type { GatewayApi } from './gateway-api.js';
import type { ChaosFigures } from './report.js';
import { readStore } from './store-snapshot.js';
import type { AcceptedDeployment, RefusedDeployment } from './workload.js';

/** How long each instance gets to answer /health/ready 200 once the faults stopped. */
const READY_TIMEOUT_MS = 20_000;

/** Every check of the issue against the cluster once its faults stopped, as figures. */
export async function checkSystem(
  cluster: ChaosCluster,
  api: GatewayApi,
  planned: number,
  accepted: readonly AcceptedDeployment[],
  refused: readonly RefusedDeployment[],
  faults: readonly FaultRecord[],
  settleMs: number,
): Promise<ChaosFigures> {
  console.log('chaos: checking');
  const unready = await notReady(cluster, READY_TIMEOUT_MS);
  const store = await readStore(cluster.system.env);
  const observed: Observed[] = await Promise.all(
    accepted.map(async (deployment) => ({
      deployment,
      view: await getDeployment(api, deployment.executionId).catch(() => undefined),
      stored: foldDeployment(store, deployment.executionId),
    })),
  );
  const outcomes = checkOutcomes(observed, (id) => rolloutEndedAt(store, id));
  const wrongNodeVersions = await checkNodeVersions(api, store);
  const verify = verifyAll(cluster.system.env);

  const admin = api.as('admin');
  const ids = accepted.map((d) => d.executionId);
  const before = await readModelAnswers(admin, ids);
  // A rebuild of a few thousand events takes seconds; the bound grows with the run.
  const rebuildProblems = await rebuildReadModels(
    admin,
    Math.min(120_000, Math.max(20_000, settleMs / 2)),
  );
  const after = await readModelAnswers(admin, ids);

  return {
    planned,
    accepted: accepted.length,
    terminal: outcomes.terminal,
    refused: refused.map(
      (r) => `${r.planned.key} (${r.planned.scenario} → ${r.planned.environment}): ${r.reason}`,
    ),
    stuck: outcomes.stuck,
    lost: outcomes.lost,
    wrongOutcomes: outcomes.wrongOutcomes,
    explainedOutcomes: outcomes.explained,
    wrongNodeVersions,
    duplicateInstalls: duplicateInstalls(store),
    duplicateEvents: duplicateEvents(store),
    verifyOk: verify.ok,
    verifyOutput: verify.output,
    readModelDifferences: [
      ...rebuildProblems,
      ...differences(before, after),
      ...statusesAgainstStore(observed),
    ],
    notReady: unready,
    unexpectedExits: cluster.unexpectedExits.map(
      (e) => `${e.instance} at +${(e.atMs / 1_000).toFixed(1)}s: ${e.exit}`,
    ),
    faults: faults.map((f) => `+${(f.atMs / 1_000).toFixed(1)}s ${f.what}`),
  };
}
