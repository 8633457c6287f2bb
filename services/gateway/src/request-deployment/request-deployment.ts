import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { RequestDeployment, RequestDeploymentReply } from '@hotswap/contracts';
import { derivedEventId } from '@hotswap/event-sourcing';
import { CommandNotDelivered, sendCommand } from '@hotswap/messaging';
import { NATS_CONNECTION } from '@hotswap/service-host';
import { GatewayOptions } from '../gateway-options.js';
import type { DeploymentRequest } from './deployment-request.js';

/** What `POST /api/v1/deployments` answers with 202. */
export interface AcceptedDeployment {
  readonly executionId: string;
  readonly status: string;
  readonly moduleName: string;
  readonly moduleVersion: string;
  readonly targetEnvironment: string;
  readonly requesterEmail: string;
  /** The user who asked (the token's). */
  readonly requestedBy: string;
  readonly links: { readonly self: string };
}

export type RequestDeploymentOutcome =
  | { readonly kind: 'accepted'; readonly deployment: AcceptedDeployment }
  | {
      readonly kind: 'invalid';
      readonly message: string;
      readonly fields: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The same key always names the same deployment, on every gateway instance, so a retried POST
 * reaches the deployment the first one created (the orchestrator's RequestDeployment is idempotent
 * for the same data and refuses other data under the same id).
 */
export function executionIdFor(idempotencyKey: string): string {
  return derivedEventId(`idempotency:${idempotencyKey}`, 0);
}

/** Asks the orchestrator for a deployment: the gateway records nothing itself. */
@Injectable()
export class RequestDeploymentHandler {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  /** `actor`: the authenticated user who asks, recorded as the requester. */
  async handle(request: DeploymentRequest, actor: string): Promise<RequestDeploymentOutcome> {
    const executionId =
      request.idempotencyKey === undefined ? randomUUID() : executionIdFor(request.idempotencyKey);
    const command: RequestDeployment = {
      commandId: randomUUID(),
      actor,
      executionId,
      moduleName: request.moduleName,
      version: request.version,
      targetEnvironment: request.targetEnvironment,
      requesterEmail: request.requesterEmail,
      ...(request.strategy === undefined ? {} : { strategy: request.strategy }),
      ...(request.overrides === undefined ? {} : { overrides: request.overrides }),
    };
    let reply: RequestDeploymentReply;
    try {
      reply = await sendCommand<RequestDeploymentReply>(
        this.nc,
        this.options.requestDeploymentSubject,
        command,
        { timeoutMs: this.options.requestTimeoutMs },
      );
    } catch (error) {
      if (!(error instanceof CommandNotDelivered)) throw error;
      // After a timeout the deployment may exist: only the same key makes a retry safe.
      const retry =
        request.idempotencyKey === undefined
          ? 'with an Idempotency-Key so that a retry cannot create a second deployment'
          : 'with the same Idempotency-Key';
      return {
        kind: 'unavailable',
        message: `The orchestrator could not be reached (${error.reason}); try again ${retry}`,
      };
    }
    if (reply.ok) {
      return {
        kind: 'accepted',
        deployment: {
          executionId: reply.executionId,
          status: reply.status,
          moduleName: request.moduleName,
          moduleVersion: request.version,
          targetEnvironment: request.targetEnvironment,
          requesterEmail: request.requesterEmail,
          requestedBy: actor,
          links: { self: `/api/v1/deployments/${reply.executionId}` },
        },
      };
    }
    const { code, message, fields } = reply.error;
    switch (code) {
      case 'VALIDATION_FAILED':
        return { kind: 'invalid', message, fields: fields ?? {} };
      case 'CONFLICT':
        return { kind: 'conflict', message };
      case 'UNAVAILABLE':
        return { kind: 'unavailable', message };
      default:
        return { kind: 'failed', message: `The orchestrator refused the request: ${message}` };
    }
  }
}
