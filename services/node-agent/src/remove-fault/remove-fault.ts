import type { RemoveFault, RemoveFaultReply } from '@hotswap/contracts';
import { FaultNotFound } from '../faults/fault-decider.js';
import type { Faults } from '../faults/faults.js';
import { eventMetadata } from '../nodes/event-metadata.js';

/** Records FaultRemoved; a fault that is not active (unknown, or removed already) is NOT_FOUND. */
export async function removeFault(
  faults: Faults,
  request: RemoveFault,
  at: string,
): Promise<RemoveFaultReply> {
  const { commandId, actor, faultId } = request;
  try {
    await faults.handle(
      { type: 'RemoveFault', faultId, at, by: actor },
      {
        causationId: commandId,
        metadata: eventMetadata({ ...request, correlationId: faultId }, at),
      },
    );
  } catch (error) {
    if (error instanceof FaultNotFound) {
      return { ok: false, error: { code: 'NOT_FOUND', message: error.message } };
    }
    throw error;
  }
  return { ok: true, faultId };
}
