import type { NatsConnection } from 'nats';
import {
  SUBJECTS,
  type InjectFault,
  type InjectFaultReply,
  type ListFaults,
  type ListFaultsReply,
  type RemoveFault,
  type RemoveFaultReply,
} from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import { uniqueName } from '@hotswap/testing';

/** An InjectFault as the gateway sends it, with fresh ids. */
export const injectFaultCommand = (overrides: Partial<InjectFault> = {}): InjectFault => ({
  commandId: uniqueName('cmd'),
  actor: 'alice@example.com',
  faultId: uniqueName('fault'),
  environment: 'Staging',
  moduleName: uniqueName('mod'),
  version: '2.0.0',
  errorRate: 0.25,
  ...overrides,
});

export const removeFaultCommand = (faultId: string): RemoveFault => ({
  commandId: uniqueName('cmd'),
  actor: 'bob@example.com',
  faultId,
});

/** The fault commands, sent over NATS as any client of the node-agent sends them. */
export class FaultCommands {
  constructor(private readonly client: NatsConnection) {}

  inject(command: object): Promise<InjectFaultReply> {
    return sendCommand<InjectFaultReply>(this.client, SUBJECTS.injectFault, command);
  }

  remove(command: object): Promise<RemoveFaultReply> {
    return sendCommand<RemoveFaultReply>(this.client, SUBJECTS.removeFault, command);
  }

  list(query: ListFaults = {}): Promise<ListFaultsReply> {
    return sendCommand<ListFaultsReply>(this.client, SUBJECTS.listFaults, query);
  }
}
