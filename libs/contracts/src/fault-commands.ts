import type { CommandEnvelope, CommandReply } from './command-envelope.js';
import type { Environment } from './environments.js';

/**
 * Fault injection (issue 4): nodes of `environment` that run `moduleName` at `version` report
 * the given figures instead of healthy ones (absolute values: an error rate of 0.2 is 20 %; CPU
 * and memory in percent), or fail installing that version. Faults are events of the stream
 * `chaos-faults` (FAULTS_STREAM), so a history shows them.
 */
export interface FaultSpec {
  readonly environment: Environment;
  readonly moduleName: string;
  readonly version: string;
  readonly errorRate?: number;
  readonly latencyMs?: number;
  readonly cpu?: number;
  readonly memory?: number;
  readonly failInstall?: boolean;
}
export interface Fault extends FaultSpec {
  readonly faultId: string;
  readonly injectedAt: string;
  readonly injectedBy: string;
}

/** gateway → node-agent */
export interface InjectFault extends CommandEnvelope, FaultSpec {
  readonly faultId: string;
}
export type InjectFaultReply = CommandReply<{ fault: Fault }>;

export interface RemoveFault extends CommandEnvelope {
  readonly faultId: string;
}
/** NOT_FOUND when no active fault has that id. */
export type RemoveFaultReply = CommandReply<{ faultId: string }>;

export interface ListFaults {
  readonly environment?: Environment;
}
export type ListFaultsReply = CommandReply<{ faults: Fault[] }>;

/** Events of stream `chaos-faults` (owned by the node-agent). Stored names: never rename. */
export type FaultEvent =
  | { type: 'FaultInjected'; data: Fault }
  | { type: 'FaultRemoved'; data: { faultId: string; removedAt: string; removedBy: string } };

export const CHAOS_CATEGORY = 'chaos';
export const FAULTS_STREAM = `${CHAOS_CATEGORY}-faults`;
