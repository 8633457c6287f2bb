import type { NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { CommandReply } from '@hotswap/contracts';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';

export type Delivery<Reply> =
  | { readonly delivered: true; readonly reply: Reply }
  | { readonly delivered: false; readonly error: CommandNotDelivered };

export interface DeliveryOptions {
  readonly attempts: number;
  readonly timeoutMs: number;
  /** The first pause between attempts; it doubles after each one. */
  readonly backoffMs?: number;
  readonly logger: Logger;
}

/**
 * Sends a command, trying again when it is not delivered (no responder, no answer in time). Safe
 * because every command carries a commandId the receiver deduplicates on. A refusal is a reply,
 * not a failure to deliver: it is returned at once.
 */
export async function deliverCommand<Reply extends CommandReply>(
  nc: NatsConnection,
  subject: string,
  data: object,
  { attempts, timeoutMs, backoffMs = 100, logger }: DeliveryOptions,
): Promise<Delivery<Reply>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { delivered: true, reply: await sendCommand<Reply>(nc, subject, data, { timeoutMs }) };
    } catch (error) {
      if (!(error instanceof CommandNotDelivered)) throw error;
      logger.warn({ subject, attempt, attempts, reason: error.reason }, error.message);
      if (attempt >= attempts) return { delivered: false, error };
      await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }
}
