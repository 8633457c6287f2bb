import type { Environment, Fault, SmokeTest, SmokeTestReply } from '@hotswap/contracts';
import { standbyVersion, type NodeState } from '@hotswap/node-domain';
import { HEALTH_LIMITS } from '@hotswap/rollout-domain';
import { faultsAffecting } from '../faults/fault-effects.js';

/**
 * A smoke test also fails at this latency or above: Rolling's health check (HEALTH_LIMITS) has no
 * latency limit, but a version that takes a second to answer is not one to switch traffic to.
 */
export const SMOKE_TEST_MAX_LATENCY_MS = 1000;

interface Limit {
  readonly figure: string;
  readonly of: (fault: Fault) => number | undefined;
  readonly limit: number;
  readonly unit: string;
}

const LIMITS: readonly Limit[] = [
  { figure: 'CPU', of: (f) => f.cpu, limit: HEALTH_LIMITS.cpuPercent, unit: ' %' },
  { figure: 'memory', of: (f) => f.memory, limit: HEALTH_LIMITS.memoryPercent, unit: ' %' },
  { figure: 'error rate', of: (f) => f.errorRate, limit: HEALTH_LIMITS.errorRate, unit: '' },
  { figure: 'latency', of: (f) => f.latencyMs, limit: SMOKE_TEST_MAX_LATENCY_MS, unit: ' ms' },
];

/**
 * Blue-Green's smoke test of the version on a node's standby slot (`state`, caught up with the
 * node's stream), before any traffic reaches it. It fails when the slot does not hold that version,
 * or when an active fault of the node's environment for that module version sets a figure at or
 * above the healthy limits (the reason names the figure and the fault). The healthy figures of the
 * simulation always pass; a fault's figures are judged as injected, without the noise telemetry
 * adds, so the verdict does not flicker near a limit.
 */
export function smokeTest(
  request: SmokeTest,
  environment: Environment,
  state: NodeState,
  faults: readonly Fault[],
): Extract<SmokeTestReply, { ok: true }> {
  const { nodeId, moduleName, version } = request;
  const standby = standbyVersion(state, moduleName);
  if (standby !== version) {
    const reason = `${nodeId} has ${standby ?? 'nothing'} on standby, not ${version}`;
    return { ok: true, nodeId, passed: false, reason };
  }
  const problems = faultsAffecting(faults, environment, { [moduleName]: version }).flatMap(
    (fault) => {
      const figures = LIMITS.flatMap(({ figure, of, limit, unit }) => {
        const value = of(fault);
        return value !== undefined && value >= limit
          ? [`${figure} ${value}${unit} (under ${limit}${unit} is healthy)`]
          : [];
      });
      return figures.length === 0 ? [] : [`fault '${fault.faultId}' gives ${figures.join(', ')}`];
    },
  );
  if (problems.length === 0) return { ok: true, nodeId, passed: true, reason: null };
  const reason = `${moduleName} ${version} on ${nodeId}: ${problems.join('; ')}`;
  return { ok: true, nodeId, passed: false, reason };
}
