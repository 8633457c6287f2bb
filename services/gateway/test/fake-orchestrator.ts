import type { NatsConnection, Subscription } from 'nats';
import type { RequestDeployment, RequestDeploymentReply } from '@hotswap/contracts';

/**
 * Answers RequestDeployment on a test's own subject as the orchestrator would, in Nest's NATS wire
 * format (`{ pattern, data, id }` in, `{ id, response, isDisposed }` out): idempotent for the same
 * data under one execution id, CONFLICT for other data. Module `refused` gets VALIDATION_FAILED,
 * module `overloaded` UNAVAILABLE.
 */
export class FakeOrchestrator {
  readonly received: RequestDeployment[] = [];
  private readonly deployments = new Map<string, string>();
  private readonly subscription: Subscription;

  constructor(nc: NatsConnection, subject: string) {
    this.subscription = nc.subscribe(subject, {
      callback: (error, message) => {
        if (error) return;
        const packet = JSON.parse(Buffer.from(message.data).toString('utf8')) as {
          id: string;
          data: RequestDeployment;
        };
        this.received.push(packet.data);
        const response = this.decide(packet.data);
        message.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
      },
    });
  }

  stop(): void {
    this.subscription.unsubscribe();
  }

  private decide(command: RequestDeployment): RequestDeploymentReply {
    const { executionId, moduleName, version, targetEnvironment, requesterEmail } = command;
    if (moduleName === 'refused') {
      return {
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Unknown module',
          fields: { moduleName: 'is not a registered module' },
        },
      };
    }
    if (moduleName === 'overloaded') {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'The event store is down' } };
    }
    const data = JSON.stringify([moduleName, version, targetEnvironment, requesterEmail]);
    const known = this.deployments.get(executionId);
    if (known !== undefined && known !== data) {
      return {
        ok: false,
        error: { code: 'CONFLICT', message: `Deployment ${executionId} exists with other data` },
      };
    }
    this.deployments.set(executionId, data);
    return { ok: true, executionId, status: 'Pending', created: known === undefined };
  }
}
