import { randomUUID } from 'node:crypto';
import { NatsError, type NatsConnection } from 'nats';
import type { CommandReply } from '@hotswap/contracts';
import { commandSigningKey } from './command-signing-key.js';
import { signatureHeaders } from './command-signature.js';

/** The command could not be delivered or got no answer in time (not a refusal: see CommandReply). */
export class CommandNotDelivered extends Error {
  constructor(
    readonly subject: string,
    readonly reason: 'NO_RESPONDER' | 'TIMEOUT' | 'TRANSPORT',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CommandNotDelivered';
  }
}

interface NestReply {
  readonly response?: unknown;
  readonly err?: unknown;
}

/**
 * Sends a command to a NestJS @MessagePattern handler over the service's own NATS connection and
 * returns its reply. Speaks Nest's NATS wire format (`{ pattern, data, id }` out, `{ response |
 * err }` back) so the receiving side stays a plain Nest handler, without a second connection per
 * ClientProxy. A handler that threw (Nest's `err`) is reported as an INTERNAL CommandReply error.
 * With a signing key (useCommandSigningKey, else HOTSWAP_NATS_SIGNING_KEY) the command carries its
 * signature in headers (command-signature.ts); a receiver that refuses it answers UNAUTHORIZED.
 */
export async function sendCommand<Reply extends CommandReply>(
  nc: NatsConnection,
  subject: string,
  data: object,
  { timeoutMs = 5_000 }: { timeoutMs?: number } = {},
): Promise<Reply> {
  const packet = JSON.stringify({ pattern: subject, data, id: randomUUID() });
  const key = commandSigningKey();
  const headers =
    key === undefined ? undefined : signatureHeaders({ subject, data, key, signedAt: Date.now() });
  let raw: Uint8Array;
  try {
    raw = (await nc.request(subject, packet, { timeout: timeoutMs, ...(headers && { headers }) }))
      .data;
  } catch (error) {
    if (error instanceof NatsError && error.code === '503') {
      throw new CommandNotDelivered(subject, 'NO_RESPONDER', `No service listens on '${subject}'`, {
        cause: error,
      });
    }
    if (error instanceof NatsError && error.code === 'TIMEOUT') {
      throw new CommandNotDelivered(
        subject,
        'TIMEOUT',
        `No answer on '${subject}' within ${timeoutMs} ms`,
        { cause: error },
      );
    }
    throw new CommandNotDelivered(
      subject,
      'TRANSPORT',
      `Sending to '${subject}' failed: ${String(error)}`,
      { cause: error },
    );
  }
  const reply = JSON.parse(Buffer.from(raw).toString('utf8')) as NestReply;
  if (reply.err !== undefined && reply.err !== null) {
    const message =
      typeof reply.err === 'object' && reply.err && 'message' in reply.err
        ? String(reply.err.message)
        : JSON.stringify(reply.err);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `The handler of '${subject}' failed: ${message}` },
    } as Reply;
  }
  return reply.response as Reply;
}
