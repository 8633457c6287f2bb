import type { HttpException } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { CommandError, CommandReply } from '@hotswap/contracts';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';
import { badGateway, badRequest, conflict, notFound, serviceUnavailable } from './api-errors.js';

/**
 * Sends a command or query to the service that owns the answer; one that does not arrive or is
 * not answered in time is a 503 naming the service.
 */
export async function forwardCommand<Reply extends CommandReply>(
  nc: NatsConnection,
  subject: string,
  data: object,
  { timeoutMs, service }: { readonly timeoutMs: number; readonly service: string },
): Promise<Reply> {
  try {
    return await sendCommand<Reply>(nc, subject, data, { timeoutMs });
  } catch (error) {
    if (!(error instanceof CommandNotDelivered)) throw error;
    throw serviceUnavailable(
      `The ${service} could not be reached (${error.reason}); try again later`,
    );
  }
}

/** The HTTP error for a service's refusal: 400 with its fields, 404, 409, 503, or 502. */
export function httpErrorFor(error: CommandError, notFoundMessage = error.message): HttpException {
  switch (error.code) {
    case 'NOT_FOUND':
      return notFound(notFoundMessage);
    case 'CONFLICT':
      return conflict(error.message);
    case 'VALIDATION_FAILED':
      return badRequest(error.message, error.fields ?? {});
    case 'UNAVAILABLE':
      return serviceUnavailable(error.message);
    default:
      return badGateway(error.message);
  }
}
