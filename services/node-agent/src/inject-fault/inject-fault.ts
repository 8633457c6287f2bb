import type { Fault, InjectFault, InjectFaultReply } from '@hotswap/contracts';
import type { Faults } from '../faults/faults.js';
import { eventMetadata } from '../nodes/event-metadata.js';

/**
 * Records FaultInjected (event id derived from the commandId) and answers the fault as recorded:
 * the same fault injected again answers the first injection, with its time and author.
 */
export async function injectFault(
  faults: Faults,
  request: InjectFault,
  at: string,
): Promise<InjectFaultReply> {
  const { commandId, actor, traceparent: _, faultId, ...spec } = request;
  const fault: Fault = { faultId, ...spec, injectedAt: at, injectedBy: actor };
  const state = await faults.handle(
    { type: 'InjectFault', fault },
    { causationId: commandId, metadata: eventMetadata({ ...request, correlationId: faultId }, at) },
  );
  const recorded = state.faults.get(faultId);
  if (recorded === undefined)
    throw new Error(`Fault '${faultId}' is not in the stream after its injection`);
  return { ok: true, fault: recorded.fault };
}
