import type {
  Fault,
  MetricSample,
  QueryNodeMetrics,
  QueryNodeMetricsReply,
} from '@hotswap/contracts';
import type { NodeReadings } from '../telemetry/node-readings.js';
import { fitReply } from './fit-reply.js';

/**
 * The readings of each node in the window; a node with fewer than `minSamplesPerNode` there is
 * read again now until it has that many (those readings are stamped now, and answered even when
 * now is past `to`: the caller asked for data without waiting). The faults are read once per
 * query, and a topped-up node's stream at most once (only when a fault of the environment could
 * apply to it), never per sample. The reply is thinned evenly to fit in `maxReplyBytes`.
 */
export async function queryNodeMetrics(
  readings: NodeReadings,
  request: QueryNodeMetrics,
  now: Date,
  maxReplyBytes = Number.POSITIVE_INFINITY,
): Promise<QueryNodeMetricsReply> {
  const { environment, nodeIds, minSamplesPerNode } = request;
  const from = Date.parse(request.from);
  const to = Date.parse(request.to);
  const recorded = nodeIds.map((nodeId) => ({
    nodeId,
    samples: readings.recorded(nodeId, from, to),
  }));
  const short = recorded.some(({ samples }) => samples.length < minSamplesPerNode);
  const faults: readonly Fault[] = short ? await readings.activeFaults() : [];
  const at = now.toISOString();
  const nodes = await Promise.all(
    recorded.map(
      async ({ nodeId, samples }): Promise<{ nodeId: string; samples: MetricSample[] }> => {
        const missing = minSamplesPerNode - samples.length;
        if (missing <= 0) return { nodeId, samples };
        const fresh = await readings.take({ nodeId, environment }, faults, missing, at);
        return { nodeId, samples: [...samples, ...fresh] };
      },
    ),
  );
  return { ok: true, environment, nodes: fitReply(nodes, maxReplyBytes, minSamplesPerNode) };
}
