import type { StrategySettings } from '@hotswap/contracts';

/**
 * The nodes of each step of a rollout, in order: Direct and BlueGreen one step with every node,
 * Rolling its batches, Canary its waves (the nodes each wave adds). Every step has at least one
 * node; a cluster too small for every wave has fewer waves, never an empty one.
 */
export function planSteps(settings: StrategySettings, nodes: readonly string[]): string[][] {
  if (nodes.length === 0) return [];
  switch (settings.strategy) {
    case 'Direct':
    case 'BlueGreen':
      return [[...nodes]];
    case 'Rolling': {
      const size = batchSize(settings.batchSize, nodes.length);
      const batches: string[][] = [];
      for (let i = 0; i < nodes.length; i += size) batches.push(nodes.slice(i, i + size));
      return batches;
    }
    case 'Canary': {
      const targets = waveTargets(settings.waves, nodes.length);
      return targets.map((target, i) => nodes.slice(i === 0 ? 0 : targets[i - 1]!, target));
    }
  }
}

/** A batch size as a count of nodes: `"25%"` of 10 nodes is 3 (rounded up), never less than 1. */
export function batchSize(size: number | string, clusterSize: number): number {
  const percent = typeof size === 'string' ? parsePercent(size) : undefined;
  const count = percent === undefined ? Number(size) : Math.ceil((percent * clusterSize) / 100);
  if (!Number.isFinite(count) || count < 1) {
    throw new RangeError(`Batch size '${size}' is neither a node count nor a percentage like 25%`);
  }
  return Math.max(1, Math.min(clusterSize, Math.floor(count)));
}

/**
 * How many nodes run the new version after each wave: `percent` of the cluster rounded up, at
 * least one more than the wave before, at most the cluster; waves that would add nothing are
 * dropped, and the last wave always covers the whole cluster.
 */
export function waveTargets(percents: readonly number[], clusterSize: number): number[] {
  const targets: number[] = [];
  for (const percent of percents) {
    const previous = targets.at(-1) ?? 0;
    if (previous >= clusterSize) break;
    const wanted = Math.ceil((percent * clusterSize) / 100);
    targets.push(Math.min(clusterSize, Math.max(wanted, previous + 1)));
  }
  if ((targets.at(-1) ?? 0) < clusterSize) targets.push(clusterSize);
  return targets;
}

/** `"25%"` → 25; undefined when the text is not a percentage in (0, 100]. */
export function parsePercent(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]);
  return value > 0 && value <= 100 ? value : undefined;
}
