import type { NatsConnection, Subscription } from 'nats';
import type {
  Fault,
  FaultSpec,
  InjectFault,
  InjectFaultReply,
  ListFaults,
  ListFaultsReply,
  RemoveFault,
  RemoveFaultReply,
} from '@hotswap/contracts';

/** The subjects of a test's own node-agent: `<prefix>.InjectFault`, `.RemoveFault`, `.ListFaults`. */
export function faultSubjects(prefix: string) {
  return {
    injectFaultSubject: `${prefix}.InjectFault`,
    removeFaultSubject: `${prefix}.RemoveFault`,
    listFaultsSubject: `${prefix}.ListFaults`,
  };
}

/**
 * Answers the fault commands on a test's own subjects as the node-agent would, in Nest's NATS wire
 * format: InjectFault is idempotent for the same spec under one fault id and a CONFLICT for
 * another; RemoveFault is NOT_FOUND for a fault that is not active. Module `refused` gets
 * VALIDATION_FAILED, module `overloaded` UNAVAILABLE.
 */
export class FakeNodeAgent {
  readonly received: { subject: string; data: unknown }[] = [];
  private readonly faults = new Map<string, Fault>();
  private readonly subscriptions: Subscription[];

  constructor(nc: NatsConnection, prefix: string) {
    const subjects = faultSubjects(prefix);
    this.subscriptions = [
      this.answer(nc, subjects.injectFaultSubject, (data: InjectFault) => this.inject(data)),
      this.answer(nc, subjects.removeFaultSubject, (data: RemoveFault) => this.remove(data)),
      this.answer(nc, subjects.listFaultsSubject, (data: ListFaults) => this.list(data)),
    ];
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private answer<T>(nc: NatsConnection, subject: string, decide: (data: T) => object) {
    return nc.subscribe(subject, {
      callback: (error, message) => {
        if (error) return;
        const packet = JSON.parse(Buffer.from(message.data).toString('utf8')) as {
          id: string;
          data: T;
        };
        this.received.push({ subject, data: packet.data });
        const response = decide(packet.data);
        message.respond(JSON.stringify({ id: packet.id, response, isDisposed: true }));
      },
    });
  }

  private inject(command: InjectFault): InjectFaultReply {
    const { faultId, actor, moduleName } = command;
    if (moduleName === 'refused') {
      return {
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          message: 'Unknown module',
          fields: { moduleName: 'is not deployed in Development' },
        },
      };
    }
    if (moduleName === 'overloaded') {
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'The event store is down' } };
    }
    const known = this.faults.get(faultId);
    if (known && specKey(known) !== specKey(command)) {
      return {
        ok: false,
        error: { code: 'CONFLICT', message: `Fault ${faultId} exists with another spec` },
      };
    }
    const fault: Fault = known ?? {
      ...specOf(command),
      faultId,
      injectedAt: new Date().toISOString(),
      injectedBy: actor,
    };
    this.faults.set(faultId, fault);
    return { ok: true, fault };
  }

  private remove(command: RemoveFault): RemoveFaultReply {
    if (!this.faults.delete(command.faultId)) {
      return {
        ok: false,
        error: { code: 'NOT_FOUND', message: `No active fault has the id '${command.faultId}'` },
      };
    }
    return { ok: true, faultId: command.faultId };
  }

  private list(query: ListFaults): ListFaultsReply {
    const faults = [...this.faults.values()].filter(
      (fault) => query.environment === undefined || fault.environment === query.environment,
    );
    return { ok: true, faults };
  }
}

function specOf(spec: FaultSpec): FaultSpec {
  const { environment, moduleName, version, errorRate, latencyMs, cpu, memory, failInstall } = spec;
  return JSON.parse(
    JSON.stringify({
      environment,
      moduleName,
      version,
      errorRate,
      latencyMs,
      cpu,
      memory,
      failInstall,
    }),
  ) as FaultSpec;
}

const specKey = (spec: FaultSpec) => JSON.stringify(specOf(spec));
