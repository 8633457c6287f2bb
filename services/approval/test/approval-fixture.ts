import { connect, type NatsConnection } from 'nats';
import { Redis } from 'ioredis';
import { readApprovalPolicy } from '@hotswap/approval-domain';
import { VariableProblems } from '@hotswap/config';
import {
  approvalStream,
  SUBJECTS,
  type DecideApproval,
  type DecideApprovalReply,
  type GetApprovalReply,
  type ListPendingApprovals,
  type ListPendingApprovalsReply,
  type RequestApprovalCommand,
  type RequestApprovalReply,
} from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import { startInProcess, type InProcessService } from '@hotswap/service-host';
import {
  privateNats,
  testEnvironment,
  testInfrastructure,
  Teardown,
  uniqueName,
} from '@hotswap/testing';
import { approvalServiceModule } from '../src/app.module.js';
import { PendingApprovalsProjection } from '../src/pending-approvals/pending-approvals-projection.js';
import type { ApprovalSettings } from '../src/settings/approval-settings.js';

/** Settings with the policy read from `variables` and key names no other test uses. */
export const approvalSettings = (variables: Record<string, string> = {}): ApprovalSettings => {
  const problems = new VariableProblems();
  const policy = readApprovalPolicy(variables, problems);
  problems.throwIfAny('approval test');
  return {
    policy,
    subscriberId: uniqueName('approval-test-'),
    leaseKey: uniqueName('hotswap:test:lease:approval:'),
    pendingKeyPrefix: uniqueName('hotswap:test:rm:pending-approvals:'),
    timersKeyPrefix: uniqueName('hotswap:test:timers:approval:'),
  };
};

export const startApproval = (env: Record<string, string>, settings: ApprovalSettings) =>
  startInProcess(
    'approval',
    approvalServiceModule(() => settings),
    env,
  );

/**
 * An approval service on a NATS server of its own (its subjects are fixed), a client connection
 * and a Redis client; `restart()` replaces the service by a new instance on the same event store,
 * Redis keys and settings.
 */
export class ApprovalFixture {
  readonly teardown = new Teardown();
  env: Record<string, string> = {};
  service!: InProcessService;
  client!: NatsConnection;
  redis!: Redis;

  constructor(readonly settings: ApprovalSettings) {}

  async start(): Promise<this> {
    const nats = this.teardown.add(await privateNats(), (server) => server.stop());
    this.env = testEnvironment(nats.url);
    this.client = this.teardown.add(await connect({ servers: nats.url }), (nc) => nc.close());
    this.redis = this.teardown.add(new Redis(testInfrastructure().redisUrl), (r) => r.quit());
    this.service = await startApproval(this.env, this.settings);
    this.teardown.add(this, (fixture) => fixture.service.close());
    return this;
  }

  async restart(between?: () => Promise<void>): Promise<void> {
    await this.service.close();
    await between?.();
    this.service = await startApproval(this.env, this.settings);
  }

  get store() {
    return this.service.connections.eventStore;
  }

  request(command: RequestApprovalCommand) {
    return sendCommand<RequestApprovalReply>(this.client, SUBJECTS.requestApproval, command);
  }

  decide(command: DecideApproval) {
    return sendCommand<DecideApprovalReply>(this.client, SUBJECTS.decideApproval, command);
  }

  get(executionId: string) {
    return sendCommand<GetApprovalReply>(this.client, SUBJECTS.getApproval, { executionId });
  }

  listPending(query: ListPendingApprovals = {}) {
    return sendCommand<ListPendingApprovalsReply>(
      this.client,
      SUBJECTS.listPendingApprovals,
      query,
    );
  }

  /** Sends anything (malformed commands) to a subject. */
  send(subject: string, payload: object) {
    return sendCommand<DecideApprovalReply>(this.client, subject, payload);
  }

  async types(executionId: string): Promise<string[]> {
    return (await this.store.readStream(approvalStream(executionId))).map((e) => e.type);
  }

  /** Resolves once the pending-approvals subscription has handled the approval's last event. */
  async projected(executionId: string): Promise<void> {
    const events = await this.store.readStream(approvalStream(executionId));
    const last = events.at(-1);
    if (last === undefined) throw new Error(`approval ${executionId} has no events`);
    await this.service.app.get(PendingApprovalsProjection).processedUpTo(last.position);
  }

  async pendingIds(query: ListPendingApprovals = {}): Promise<string[]> {
    const reply = await this.listPending(query);
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.approvals.map((approval) => approval.executionId);
  }
}

export const REQUESTER = 'dev@example.com';

export function requestCommand(
  overrides: Partial<RequestApprovalCommand> = {},
): RequestApprovalCommand {
  return {
    commandId: uniqueName('cmd'),
    actor: 'service:orchestrator',
    executionId: uniqueName('exec'),
    moduleName: 'orders',
    version: '2.1.0',
    targetEnvironment: 'Production',
    requesterEmail: REQUESTER,
    ...overrides,
  };
}

export function approve(
  executionId: string,
  actor: string,
  overrides: Partial<DecideApproval> = {},
): DecideApproval {
  return { commandId: uniqueName('cmd'), actor, executionId, decision: 'approve', ...overrides };
}

export function reject(
  executionId: string,
  actor: string,
  reason: string | undefined,
  overrides: Partial<DecideApproval> = {},
): DecideApproval {
  return {
    commandId: uniqueName('cmd'),
    actor,
    executionId,
    decision: 'reject',
    ...(reason === undefined ? {} : { reason }),
    ...overrides,
  };
}
