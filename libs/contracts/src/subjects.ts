import type { Environment } from './environments.js';
import type { ServiceName } from './services.js';

/**
 * NATS subjects. Commands go to `hotswap.cmd.<service>.<command>` (request/reply, one queue group
 * per service); node commands to the node's own `hotswap.node.<env>.<nodeId>.<command>`; node
 * telemetry is published on `hotswap.node.<env>.<nodeId>.telemetry`. Events are not published here:
 * they live in the event store (DESIGN.md §2).
 */
export const SUBJECT_ROOT = 'hotswap';

export function commandSubject(service: ServiceName, command: string): string {
  return `${SUBJECT_ROOT}.cmd.${service}.${command}`;
}

/** The queue group that instances of one service share, so each command reaches one instance. */
export function queueGroup(service: ServiceName): string {
  return `hotswap-${service}`;
}

export function telemetrySubject(environment: string, nodeId: string): string {
  return `${SUBJECT_ROOT}.node.${environment}.${nodeId}.telemetry`;
}

/** Every node's telemetry, for subscribers. */
export const ALL_TELEMETRY = `${SUBJECT_ROOT}.node.*.*.telemetry`;

/**
 * install / rollback: the active slot. stage / switch / release / smoke: Blue-Green's standby slot
 * (put a version on it, swap it with the active one, empty it, smoke-test what it holds).
 */
export type NodeCommand = 'install' | 'rollback' | 'stage' | 'switch' | 'release' | 'smoke';

export function nodeCommandSubject(
  environment: Environment,
  nodeId: string,
  command: NodeCommand,
): string {
  return `${SUBJECT_ROOT}.node.${environment}.${nodeId}.${command}`;
}

/** The wildcard pattern node-agent listens on for one kind of node command. */
export function nodeCommandPattern(command: NodeCommand): string {
  return `${SUBJECT_ROOT}.node.*.*.${command}`;
}

export const SUBJECTS = {
  requestDeployment: commandSubject('orchestrator', 'RequestDeployment'),
  rollBackDeployment: commandSubject('orchestrator', 'RollBackDeployment'),
  abortDeployment: commandSubject('orchestrator', 'AbortDeployment'),
  registerModule: commandSubject('orchestrator', 'RegisterModule'),
  requestApproval: commandSubject('approval', 'RequestApproval'),
  decideApproval: commandSubject('approval', 'DecideApproval'),
  getApproval: commandSubject('approval', 'GetApproval'),
  listPendingApprovals: commandSubject('approval', 'ListPendingApprovals'),
  startRollout: commandSubject('strategy-runner', 'StartRollout'),
  controlRollout: commandSubject('strategy-runner', 'ControlRollout'),
  describeCluster: commandSubject('node-agent', 'DescribeCluster'),
  queryNodeMetrics: commandSubject('node-agent', 'QueryNodeMetrics'),
  injectFault: commandSubject('node-agent', 'InjectFault'),
  removeFault: commandSubject('node-agent', 'RemoveFault'),
  listFaults: commandSubject('node-agent', 'ListFaults'),
} as const;
