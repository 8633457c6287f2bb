import {
  DEFAULT_CLUSTER_SIZES,
  ENVIRONMENTS,
  isEnvironment,
  nodeIds,
  type Environment,
} from '@hotswap/contracts';
import {
  VariableProblems,
  InvalidVariable,
  readInt,
  readString,
  type Environment as Variables,
} from '@hotswap/config';

/** The node agent's own settings, read once at start-up (the host's are in HotSwapConfig). */
export interface NodeAgentSettings {
  /** Nodes per environment (HOTSWAP_CLUSTER_SIZES). */
  readonly clusterSizes: Readonly<Record<Environment, number>>;
  /**
   * Installs that fail on purpose (HOTSWAP_SIMULATED_INSTALL_FAILURES): `<nodeId>:<moduleName>` for
   * every version, `<nodeId>:<moduleName>@<version>` for one.
   */
  readonly simulatedInstallFailures: ReadonlySet<string>;
  /** How often each node publishes telemetry (HOTSWAP_TELEMETRY_INTERVAL_MS). */
  readonly telemetryIntervalMs: number;
  /** Redis key of the lease that lets one instance publish telemetry (tests use their own). */
  readonly telemetryLeaseKey: string;
}

export const NODE_AGENT_SETTINGS = Symbol('NODE_AGENT_SETTINGS');

export const MAX_CLUSTER_SIZE = 100_000;
const CLUSTER_SIZES = 'HOTSWAP_CLUSTER_SIZES';
const FAILURES = 'HOTSWAP_SIMULATED_INSTALL_FAILURES';

/** Reads the settings from `env`; a bad value throws a ConfigError naming every bad variable. */
export function readNodeAgentSettings(env: Variables): NodeAgentSettings {
  const problems = new VariableProblems();
  const read = <T>(reader: () => T, fallback: T): T => problems.read(reader, fallback);
  const clusterSizes = read(() => readClusterSizes(env), DEFAULT_CLUSTER_SIZES);
  const simulatedInstallFailures = read(() => readFailures(env, clusterSizes), new Set<string>());
  const telemetryIntervalMs = read(
    () =>
      readInt(env, 'HOTSWAP_TELEMETRY_INTERVAL_MS', { default: 5_000, min: 10, max: 3_600_000 }),
    5_000,
  );
  problems.throwIfAny('node-agent');
  return {
    clusterSizes,
    simulatedInstallFailures,
    telemetryIntervalMs,
    telemetryLeaseKey: 'hotswap:lease:node-agent:telemetry',
  };
}

/** `Development=3,QA=5`: environments not named keep their default size. */
function readClusterSizes(env: Variables): Record<Environment, number> {
  const expected = `comma-separated <environment>=<nodes> pairs, environments ${ENVIRONMENTS.join(', ')}, 1 to ${MAX_CLUSTER_SIZE} nodes (e.g. Development=3,QA=5)`;
  const value = readString(env, CLUSTER_SIZES, { default: '', expected });
  const sizes = { ...DEFAULT_CLUSTER_SIZES };
  const named = new Set<string>();
  for (const pair of value.split(',').filter((p) => p.trim() !== '')) {
    const [name = '', count = '', ...rest] = pair.split('=').map((part) => part.trim());
    const size = /^\d+$/.test(count) ? Number(count) : Number.NaN;
    if (!isEnvironment(name) || rest.length > 0 || !(size >= 1 && size <= MAX_CLUSTER_SIZE)) {
      throw new InvalidVariable(CLUSTER_SIZES, `has '${pair.trim()}': expected ${expected}`);
    }
    if (named.has(name)) throw new InvalidVariable(CLUSTER_SIZES, `names ${name} twice`);
    named.add(name);
    sizes[name] = size;
  }
  return sizes;
}

/**
 * `development-02:broken-module,qa-01:other@2.0.0`: each entry must name a node of the cluster;
 * with `@<version>` only that version fails (so a rollback to an earlier version can be shown).
 */
function readFailures(env: Variables, sizes: Readonly<Record<Environment, number>>): Set<string> {
  const expected =
    'comma-separated <nodeId>:<moduleName>[@<version>] entries (e.g. development-02:broken-module)';
  const value = readString(env, FAILURES, { default: '', expected });
  const nodes = new Set(ENVIRONMENTS.flatMap((e) => nodeIds(e, sizes[e])));
  const failures = new Set<string>();
  for (const pair of value.split(',').filter((p) => p.trim() !== '')) {
    const match = /^([a-z0-9-]+):([a-z0-9-]{1,64}(?:@[0-9A-Za-z.+-]{1,64})?)$/.exec(pair.trim());
    if (!match) throw new InvalidVariable(FAILURES, `has '${pair.trim()}': expected ${expected}`);
    if (!nodes.has(match[1]!)) {
      throw new InvalidVariable(
        FAILURES,
        `names node '${match[1]!}', which is not in the cluster (see ${CLUSTER_SIZES})`,
      );
    }
    failures.add(`${match[1]!}:${match[2]!}`);
  }
  return failures;
}
