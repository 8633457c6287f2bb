import { eventually } from '@hotswap/testing';
import { describeInstance, type ChaosCluster } from '../chaos-cluster.js';

/**
 * Every instance's GET /health/ready, waited for up to `timeoutMs` (an instance restarted just
 * before the faults stopped may still be starting): the instances that never answered 200, with
 * their last answer.
 */
export async function notReady(cluster: ChaosCluster, timeoutMs: number): Promise<string[]> {
  const results = await Promise.all(
    cluster.allInstances().map(async (instance) => {
      const process = cluster.process(instance);
      let last = 'no answer';
      try {
        const url = await process.url(timeoutMs);
        await eventually(
          async () => {
            const response = await fetch(`${url}/health/ready`, {
              signal: AbortSignal.timeout(2_000),
            });
            last = `${response.status} ${await response.text()}`;
            return response.status === 200;
          },
          { timeoutMs, intervalMs: 250, what: `${describeInstance(instance)} ready` },
        );
        return undefined;
      } catch {
        return `${describeInstance(instance)} (pid ${String(process.pid)}): ${last}`;
      }
    }),
  );
  return results.filter((r): r is string => r !== undefined);
}
