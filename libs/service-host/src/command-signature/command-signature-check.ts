import { Inject, Injectable } from '@nestjs/common';
import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { Msg } from 'nats';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { HotSwapConfig } from '@hotswap/config';
import type { CommandReply } from '@hotswap/contracts';
import { verifyCommand, type CommandHeaders } from '@hotswap/messaging';
import { HOTSWAP_CONFIG, LOGGER, METRICS_REGISTRY } from '../tokens.js';

const REFUSED_METRIC = 'commands_refused_total';

/**
 * Checks the signature of a command that reached this service over NATS, when the service has a
 * signing key (HOTSWAP_NATS_SIGNING_KEY): unsigned, badly signed or stale commands get the
 * CommandReply `UNAUTHORIZED`, and are logged (subject and reason, never the key) and counted.
 */
@Injectable()
export class CommandSignatureCheck {
  private readonly key: string | undefined;
  private readonly logger: Logger;
  private readonly refused: Counter<'reason'>;

  constructor(
    @Inject(HOTSWAP_CONFIG) config: HotSwapConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.key = config.natsSigningKey?.reveal();
    this.logger = logger.child({ component: 'command-signature' });
    this.refused =
      (registry.getSingleMetric(REFUSED_METRIC) as Counter<'reason'> | undefined) ??
      new Counter({
        name: REFUSED_METRIC,
        help: 'Commands on NATS refused because they were unsigned, badly signed or stale',
        labelNames: ['reason'],
        registers: [registry],
      });
  }

  /** The reply that refuses the command, or undefined when it may be handled. */
  refusal(subject: string, data: unknown, headers: unknown): CommandReply | undefined {
    if (this.key === undefined) return undefined;
    const verdict = verifyCommand({
      subject,
      data,
      headers: headersOf(headers),
      key: this.key,
      now: Date.now(),
    });
    if (verdict.ok) return undefined;
    this.refused.inc({ reason: verdict.reason });
    this.logger.warn({ subject, reason: verdict.reason }, `command refused: ${verdict.reason}`);
    return {
      ok: false,
      error: {
        code: 'UNAUTHORIZED',
        message: `The command on '${subject}' was refused: ${verdict.reason}`,
      },
    };
  }
}

/**
 * Nest's NATS server with the signature checked before a command reaches any @MessagePattern
 * handler; a refused command is answered (in Nest's reply format) without running one. A
 * transport, not a global interceptor: in a hybrid app a global interceptor would also run for
 * every HTTP request, and a microservice's own global interceptors are not applied (nest#12366).
 */
export class SignedCommandsServer extends ServerNats {
  constructor(
    options: Required<NatsOptions>['options'],
    private readonly check: CommandSignatureCheck,
  ) {
    super(options);
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<unknown> {
    const packet = (await this.deserializer.deserialize(natsMsg.data, {
      channel,
      replyTo: natsMsg.reply,
    })) as { id?: string; data?: unknown };
    const refusal = this.check.refusal(natsMsg.subject, packet.data, natsMsg.headers);
    if (refusal === undefined) return super.handleMessage(channel, natsMsg);
    if (natsMsg.reply && packet.id !== undefined) {
      natsMsg.respond(JSON.stringify({ id: packet.id, response: refusal, isDisposed: true }));
    }
    return undefined;
  }
}

function headersOf(headers: unknown): CommandHeaders | undefined {
  // nats.js MsgHdrs, or undefined when the message has none.
  return typeof headers === 'object' &&
    headers !== null &&
    typeof (headers as { get?: unknown }).get === 'function'
    ? (headers as CommandHeaders)
    : undefined;
}
