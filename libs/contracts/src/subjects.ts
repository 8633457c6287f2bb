import type { ServiceName } from './services.js';

/**
 * NATS subjects. Commands go to `hotswap.cmd.<service>.<command>` (request/reply, one queue group
 * per service); node telemetry to `hotswap.node.<env>.<nodeId>.telemetry`. Events are not
 * published here: they live in the event store (DESIGN.md §2).
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
