import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ENVIRONMENTS, type Environment } from '@hotswap/contracts';
import { REDIS } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import { NodeDocuments } from '../nodes-projection/node-documents.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { TelemetryStore } from '../telemetry/telemetry-store.js';
import { nodeView, summarize, type ClusterSummary, type NodeView } from './cluster-health.js';

export interface ClusterView {
  readonly environment: Environment;
  readonly summary: ClusterSummary;
  readonly nodes: readonly NodeView[];
}

/**
 * The clusters as the read models know them: a node belongs to a cluster when the nodes
 * projection has seen it or its telemetry has not expired (a node that never installed anything
 * still reports).
 */
@Injectable()
export class GetClustersHandler {
  private readonly nodes: NodeDocuments;
  private readonly telemetry: TelemetryStore;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(ReadModelKeys) keys: ReadModelKeys,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {
    this.nodes = new NodeDocuments(redis, keys);
    this.telemetry = new TelemetryStore(redis, keys, options.telemetryTtlMs);
  }

  async cluster(environment: Environment): Promise<ClusterView> {
    const now = this.options.now();
    const [projected, reporting] = await Promise.all([
      this.nodes.nodeIdsIn(environment),
      this.telemetry.nodesIn(environment, now),
    ]);
    const nodeIds = [...new Set([...projected, ...reporting])].sort();
    const [documents, telemetry] = await Promise.all([
      this.nodes.loadMany(nodeIds),
      this.telemetry.lastOf(nodeIds),
    ]);
    const nodes = nodeIds.map((nodeId) =>
      nodeView(nodeId, environment, documents.get(nodeId)?.modules, telemetry.get(nodeId), now),
    );
    return { environment, summary: summarize(nodes), nodes };
  }

  async all(): Promise<Array<Omit<ClusterView, 'nodes'>>> {
    const clusters = await Promise.all(
      ENVIRONMENTS.map((environment) => this.cluster(environment)),
    );
    return clusters.map(({ environment, summary }) => ({ environment, summary }));
  }
}
