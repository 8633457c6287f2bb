import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ENVIRONMENTS, type Environment } from '@hotswap/contracts';
import { REDIS } from '@hotswap/service-host';
import { APPROVAL_SETTINGS, type ApprovalSettings } from '../settings/approval-settings.js';

/**
 * Writes happen only for an event after the last one applied to the approval (positions compared
 * as decimal strings: Lua numbers are doubles), so a redelivered ApprovalRequested never brings
 * back an approval that was decided. KEYS: positions hash, every pending approval, then one set
 * per environment; ARGV: execution id, position, 'add' or 'remove', score (ms of requestedAt),
 * environment index into KEYS (add only).
 */
const APPLY = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local position = ARGV[2]
if current and not (#position > #current or (#position == #current and position > current)) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], position)
if ARGV[3] == 'add' then
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
  redis.call('ZADD', KEYS[tonumber(ARGV[5])], ARGV[4], ARGV[1])
else
  for i = 2, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
end
return 1
`;

/** At most this many approvals in one answer (a NATS reply stays well under 1 MiB). */
export const MAX_LISTED_APPROVALS = 500;

/**
 * The read model behind ListPendingApprovals (DESIGN.md §4): sorted sets of the execution ids of
 * pending approvals, scored by request time (all, and per environment), written only by the
 * pending-approvals subscription. The positions hash keeps one entry per approval ever requested
 * (a few dozen bytes each) so replays stay harmless.
 */
@Injectable()
export class PendingApprovals {
  private readonly positions: string;
  private readonly all: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APPROVAL_SETTINGS) private readonly settings: ApprovalSettings,
  ) {
    this.positions = `${settings.pendingKeyPrefix}:positions`;
    this.all = `${settings.pendingKeyPrefix}:all`;
  }

  async add(
    executionId: string,
    environment: Environment,
    requestedAt: string,
    position: bigint,
  ): Promise<void> {
    const score = Date.parse(requestedAt);
    const environmentKey = 3 + ENVIRONMENTS.indexOf(environment);
    await this.apply(executionId, position, [
      'add',
      String(Number.isNaN(score) ? 0 : score),
      String(environmentKey),
    ]);
  }

  async remove(executionId: string, position: bigint): Promise<void> {
    await this.apply(executionId, position, ['remove']);
  }

  /** Execution ids of pending approvals, oldest request first, at most MAX_LISTED_APPROVALS. */
  async executionIds(environment?: Environment): Promise<string[]> {
    const key = environment === undefined ? this.all : this.byEnvironment(environment);
    return this.redis.zrange(key, 0, MAX_LISTED_APPROVALS - 1);
  }

  private byEnvironment(environment: Environment): string {
    return `${this.settings.pendingKeyPrefix}:by-environment:${environment}`;
  }

  private async apply(executionId: string, position: bigint, args: string[]): Promise<void> {
    const keys = [this.positions, this.all, ...ENVIRONMENTS.map((e) => this.byEnvironment(e))];
    await this.redis.eval(APPLY, keys.length, ...keys, executionId, position.toString(), ...args);
  }
}
