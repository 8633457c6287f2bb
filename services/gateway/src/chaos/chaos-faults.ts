import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type {
  CommandReply,
  Environment,
  Fault,
  InjectFault,
  InjectFaultReply,
  ListFaults,
  ListFaultsReply,
  RemoveFault,
  RemoveFaultReply,
} from '@hotswap/contracts';
import { derivedEventId } from '@hotswap/event-sourcing';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';
import { NATS_CONNECTION } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import type { FaultRequest } from './fault-request.js';

/** What the node-agent made of a fault command, in the terms the API answers with. */
export type FaultOutcome<T> =
  | { readonly kind: 'done'; readonly value: T }
  | {
      readonly kind: 'invalid';
      readonly message: string;
      readonly fields: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Derived from the Idempotency-Key exactly as a deployment's execution id is, so a retried POST
 * names the same fault on every gateway instance (the node-agent's InjectFault is idempotent for
 * the same spec and refuses another spec under the same id).
 */
export function faultIdFor(idempotencyKey: string): string {
  return derivedEventId(`idempotency:${idempotencyKey}`, 0);
}

/** Fault injection (issue 4): the node-agent owns faults; the gateway records nothing itself. */
@Injectable()
export class ChaosFaultsHandler {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  /** `actor`: the user who injects it, recorded with the fault. */
  async inject(request: FaultRequest, actor: string): Promise<FaultOutcome<Fault>> {
    const command: InjectFault = {
      commandId: randomUUID(),
      actor,
      faultId:
        request.idempotencyKey === undefined ? randomUUID() : faultIdFor(request.idempotencyKey),
      ...request.spec,
    };
    // After a timeout the fault may exist: only the same key makes a retry safe.
    const retry =
      request.idempotencyKey === undefined
        ? 'with an Idempotency-Key so that a retry cannot inject a second fault'
        : 'with the same Idempotency-Key';
    return this.send<InjectFaultReply, Fault>(
      this.options.injectFaultSubject,
      command,
      retry,
      (reply) => reply.fault,
    );
  }

  async list(environment: Environment | undefined): Promise<FaultOutcome<Fault[]>> {
    const query: ListFaults = environment === undefined ? {} : { environment };
    return this.send<ListFaultsReply, Fault[]>(
      this.options.listFaultsSubject,
      query,
      'later',
      (reply) => reply.faults,
    );
  }

  /** One active fault, from the list (the node-agent has no command for one). */
  async get(faultId: string): Promise<FaultOutcome<Fault>> {
    const outcome = await this.list(undefined);
    if (outcome.kind !== 'done') return outcome;
    const fault = outcome.value.find((candidate) => candidate.faultId === faultId);
    return fault
      ? { kind: 'done', value: fault }
      : { kind: 'not-found', message: noFault(faultId) };
  }

  async remove(faultId: string, actor: string): Promise<FaultOutcome<string>> {
    const command: RemoveFault = { commandId: randomUUID(), actor, faultId };
    return this.send<RemoveFaultReply, string>(
      this.options.removeFaultSubject,
      command,
      '(a retry answers 404 if the first attempt removed it)',
      (reply) => reply.faultId,
    );
  }

  private async send<Reply extends CommandReply, T>(
    subject: string,
    data: object,
    retry: string,
    valueOf: (reply: Extract<Reply, { ok: true }>) => T,
  ): Promise<FaultOutcome<T>> {
    let reply: Reply;
    try {
      reply = await sendCommand<Reply>(this.nc, subject, data, {
        timeoutMs: this.options.requestTimeoutMs,
      });
    } catch (error) {
      if (!(error instanceof CommandNotDelivered)) throw error;
      return {
        kind: 'unavailable',
        message: `The node-agent could not be reached (${error.reason}); try again ${retry}`,
      };
    }
    if (reply.ok) return { kind: 'done', value: valueOf(reply as Extract<Reply, { ok: true }>) };
    const { code, message, fields } = reply.error;
    switch (code) {
      case 'VALIDATION_FAILED':
        return { kind: 'invalid', message, fields: fields ?? {} };
      case 'NOT_FOUND':
        return { kind: 'not-found', message };
      case 'CONFLICT':
        return { kind: 'conflict', message };
      case 'UNAVAILABLE':
        return { kind: 'unavailable', message };
      default:
        return { kind: 'failed', message: `The node-agent refused the request: ${message}` };
    }
  }
}

export function noFault(faultId: string): string {
  return `No active fault has the id '${faultId}'`;
}
