import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import { of, type Observable } from 'rxjs';
import type { HotSwapConfig } from '@hotswap/config';
import type { CommandError } from '@hotswap/contracts';
import { verifyCommand, type CommandHeaders } from '@hotswap/messaging';
import { HOTSWAP_CONFIG, LOGGER, METRICS_REGISTRY } from '../tokens.js';

const REFUSED_METRIC = 'commands_refused_total';

/**
 * Checks the signature of every command that reaches a NATS handler of this service, before the
 * handler runs, when the service has a signing key (HOTSWAP_NATS_SIGNING_KEY); ServiceHostModule
 * registers it globally, so it covers every @MessagePattern of every service. Unsigned, badly
 * signed or stale commands are answered with the CommandReply `UNAUTHORIZED`, logged (subject
 * and reason) and counted. An interceptor, not a guard: a guard's "no" reaches the sender as Nest's
 * error packet, which sendCommand can only call INTERNAL; what an interceptor returns instead of
 * calling the handler is sent back as the handler's reply would be.
 */
@Injectable()
export class CommandSignatureInterceptor implements NestInterceptor {
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

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc' || this.key === undefined) return next.handle();
    const rpc = context.switchToRpc();
    const nats = rpc.getContext<unknown>();
    // Every service listens on NATS only; anything else has no headers, so it counts as unsigned.
    const subject = nats instanceof NatsContext ? nats.getSubject() : '(not NATS)';
    const verdict = verifyCommand({
      subject,
      data: rpc.getData<unknown>(),
      headers: nats instanceof NatsContext ? headersOf(nats) : undefined,
      key: this.key,
      now: Date.now(),
    });
    if (verdict.ok) return next.handle();
    this.refused.inc({ reason: verdict.reason });
    this.logger.warn({ subject, reason: verdict.reason }, `command refused: ${verdict.reason}`);
    const error: CommandError = {
      code: 'UNAUTHORIZED',
      message: `The command on '${subject}' was refused: ${verdict.reason}`,
    };
    return of({ ok: false, error });
  }
}

function headersOf(context: NatsContext): CommandHeaders | undefined {
  // nats.js MsgHdrs, or undefined when the message has none (typed `any` by Nest).
  const headers: unknown = context.getHeaders();
  return typeof headers === 'object' &&
    headers !== null &&
    typeof (headers as { get?: unknown }).get === 'function'
    ? (headers as CommandHeaders)
    : undefined;
}
