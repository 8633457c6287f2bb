import {
  DEFAULT_CLUSTER_SIZES,
  DEPLOYMENT_CATEGORY,
  ENVIRONMENTS,
  nodeIds,
  nodeStream,
  type NodeEvent,
} from '@hotswap/contracts';
import { evolveNode, initialNodeState, installedVersion } from '@hotswap/node-domain';
import type { GatewayApi } from '../gateway-api.js';
import type { StoreSnapshot } from '../store-snapshot.js';
import { foldDeployment } from './deployment-outcomes.js';

interface ClusterView {
  readonly nodes: readonly { readonly nodeId: string; readonly modules: Record<string, string> }[];
}

/**
 * For every environment and module deployed there, the version its last Completed deployment
 * put on the nodes (the one whose DeploymentCompleted is latest in the store), or null when no
 * deployment of it is Completed (then no node may run it). Read from every deployment stream in
 * the store, not only from the accepted ones.
 */
export function expectedVersions(store: StoreSnapshot): Map<string, string | null> {
  const expected = new Map<string, { version: string | null; position: bigint }>();
  for (const [stream, events] of store.streams) {
    if (!stream.startsWith(`${DEPLOYMENT_CATEGORY}-`)) continue;
    const executionId = stream.slice(DEPLOYMENT_CATEGORY.length + 1);
    const state = foldDeployment(store, executionId);
    if (state.status === 'none') continue;
    const key = `${state.environment}/${state.moduleName}`;
    const completed = [...events].reverse().find((e) => e.type === 'DeploymentCompleted');
    const current = expected.get(key) ?? { version: null, position: -1n };
    if (state.status === 'Completed' && completed && completed.position > current.position) {
      expected.set(key, { version: state.version, position: completed.position });
    } else {
      expected.set(key, current);
    }
  }
  return new Map([...expected].map(([key, { version }]) => [key, version]));
}

/**
 * Every node of every environment, every module deployed there: the version it runs as
 * GET /api/v1/clusters/<env> shows it, and as its node stream folds, against the expected one.
 * Each entry names the node, the module and what each source says.
 */
export async function checkNodeVersions(api: GatewayApi, store: StoreSnapshot): Promise<string[]> {
  const expected = expectedVersions(store);
  const wrong: string[] = [];
  for (const environment of ENVIRONMENTS) {
    const modules = [...expected.keys()]
      .filter((key) => key.startsWith(`${environment}/`))
      .map((key) => key.slice(environment.length + 1));
    if (modules.length === 0) continue;
    const cluster = await api.get<ClusterView>(`/api/v1/clusters/${environment}`);
    const shown = new Map(
      (cluster.status === 200 ? cluster.body.nodes : []).map((n) => [n.nodeId, n.modules]),
    );
    for (const nodeId of nodeIds(environment, DEFAULT_CLUSTER_SIZES[environment])) {
      const folded = foldNode(store, nodeId);
      for (const moduleName of modules) {
        const want = expected.get(`${environment}/${moduleName}`) ?? null;
        const api = shown.has(nodeId) ? (shown.get(nodeId)![moduleName] ?? null) : 'not listed';
        const stored = installedVersion(folded, moduleName);
        if (api !== want || stored !== want) {
          wrong.push(
            `${nodeId} ${moduleName}: expected ${String(want)}, GET clusters ${String(api)}, store ${String(stored)}`,
          );
        }
      }
    }
  }
  return wrong;
}

function foldNode(store: StoreSnapshot, nodeId: string) {
  return (store.streams.get(nodeStream(nodeId)) ?? []).reduce(
    (state, event) => evolveNode(state, { type: event.type, data: event.data } as NodeEvent),
    initialNodeState(),
  );
}
