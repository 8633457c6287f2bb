import type { Logger } from 'pino';
import type { CommandError } from '@hotswap/contracts';
import { DomainRuleViolated } from '@hotswap/event-sourcing';
import { EventStoreUnavailable, WrongExpectedRevision } from '@hotswap/event-store';

/**
 * The typed reply for a command that threw: a refused rule is a CONFLICT; an unreachable store, or
 * a stream so busy that the handler's retries ran out, is UNAVAILABLE (the sender retries with
 * the same commandId); anything else is a bug, logged.
 */
export function failureReply(
  error: unknown,
  logger: Logger,
  what: string,
): { ok: false; error: CommandError } {
  if (error instanceof DomainRuleViolated) {
    return { ok: false, error: { code: 'CONFLICT', message: error.message } };
  }
  if (error instanceof EventStoreUnavailable || error instanceof WrongExpectedRevision) {
    return { ok: false, error: { code: 'UNAVAILABLE', message: `${what}: ${error.message}` } };
  }
  logger.error({ err: error }, `${what} failed`);
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'INTERNAL', message: `${what} failed: ${message}` } };
}
