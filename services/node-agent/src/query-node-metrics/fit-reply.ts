import { metricsReplyBytes, type MetricSample } from '@hotswap/contracts';

type NodeSamples = { nodeId: string; samples: MetricSample[] };

/**
 * The readings thinned evenly (the same share of every node's window, oldest to newest) so that
 * the reply fits in `maxBytes`. A canary's baseline window is minutes of every sampled node's
 * readings: answered whole it outgrew NATS's 1 MB payload, and the node-agent's reply failed
 * (found by the chaos suite). Judges pool and cap the values anyway (1,000 per metric and side),
 * so an even spread of fewer samples keeps what they judge. Never below `minSamplesPerNode` per
 * node: what the caller asked for as a minimum is kept (the caller bounds the nodes per query).
 */
export function fitReply(
  nodes: NodeSamples[],
  maxBytes: number,
  minSamplesPerNode: number,
): NodeSamples[] {
  const most = Math.max(0, ...nodes.map((node) => node.samples.length));
  if (metricsReplyBytes(nodes.length, most) <= maxBytes) return nodes;
  let perNode = most;
  while (perNode > minSamplesPerNode && metricsReplyBytes(nodes.length, perNode) > maxBytes) {
    perNode = Math.max(minSamplesPerNode, Math.floor(perNode * 0.9));
  }
  return nodes.map(({ nodeId, samples }) => ({ nodeId, samples: spread(samples, perNode) }));
}

/** At most `max` of `samples`, evenly spaced, the newest always kept. */
function spread(samples: MetricSample[], max: number): MetricSample[] {
  if (samples.length <= max) return samples;
  if (max <= 0) return [];
  const step = samples.length / max;
  return Array.from(
    { length: max },
    (_, i) => samples[samples.length - 1 - Math.floor(i * step)]!,
  ).reverse();
}
