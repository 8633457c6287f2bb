import type { CommandEnvelope } from '@hotswap/contracts';
import type { HandleOptions } from '@hotswap/event-sourcing';

/** A node event belongs to the deployment that asked for it (correlationId) and to who asked. */
export function eventMetadata(
  request: CommandEnvelope & { readonly correlationId: string },
  at: string,
): HandleOptions['metadata'] {
  return {
    correlationId: request.correlationId,
    actor: request.actor,
    timestamp: at,
    ...(request.traceparent === undefined ? {} : { traceparent: request.traceparent }),
  };
}
