import type { Redis } from 'ioredis';
import type { ReadModelKeys } from '../read-model/read-model-keys.js';
import type { AuditEntry } from './audit-entry.js';

export interface AuditQuery {
  readonly actor?: string;
  /** Inclusive bounds on `at`, in milliseconds. */
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly limit: number;
  /** The last entry of the previous page (exclusive): its time and position. */
  readonly before?: { readonly atMs: number; readonly position: string };
}

export interface AuditPage {
  readonly items: AuditEntry[];
  readonly next?: { readonly atMs: number; readonly position: string };
}

/** Positions as members sort by their digits: padded, so text order is number order. */
const member = (position: string) => position.padStart(20, '0');

/**
 * The audit read model in Redis: each entry's JSON in one hash by position, and its position in a
 * sorted set by time, for everyone and for its actor. Writing an entry again (a redelivered event)
 * changes nothing.
 */
export class AuditLog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async record(entry: AuditEntry): Promise<void> {
    const score = Date.parse(entry.at);
    const results = await this.redis
      .multi()
      .hset(this.keys.auditEntries(), entry.position, JSON.stringify(entry))
      .zadd(this.keys.auditByTime(), score, member(entry.position))
      .zadd(this.keys.auditByActor(entry.actor), score, member(entry.position))
      .exec();
    const failed = results?.find(([error]) => error !== null);
    if (results === null || failed)
      throw failed?.[0] ?? new Error('Redis discarded the audit entry');
  }

  /** Newest first, `limit` at most, and where the next page starts when there is one. */
  async list(query: AuditQuery): Promise<AuditPage> {
    const key =
      query.actor === undefined ? this.keys.auditByTime() : this.keys.auditByActor(query.actor);
    const max = Math.min(query.toMs ?? Number.POSITIVE_INFINITY, query.before?.atMs ?? Infinity);
    const min = query.fromMs ?? Number.NEGATIVE_INFINITY;
    const bound = (n: number) => (n === Infinity ? '+inf' : n === -Infinity ? '-inf' : String(n));
    // Entries at the cursor's millisecond may come before or after it: ask for enough to skip them.
    const sameMs = query.before
      ? await this.redis.zcount(key, query.before.atMs, query.before.atMs)
      : 0;
    const found = await this.redis.zrevrangebyscore(
      key,
      bound(max),
      bound(min),
      'WITHSCORES',
      'LIMIT',
      0,
      query.limit + 1 + sameMs,
    );
    const members: { position: string; atMs: number }[] = [];
    for (let i = 0; i < found.length; i += 2) {
      members.push({ position: found[i]!, atMs: Number(found[i + 1]) });
    }
    const after = query.before;
    const page = after
      ? members.filter((m) => m.atMs < after.atMs || m.position < member(after.position))
      : members;
    const chosen = page.slice(0, query.limit);
    const texts =
      chosen.length === 0
        ? []
        : await this.redis.hmget(
            this.keys.auditEntries(),
            ...chosen.map((m) => m.position.replace(/^0+(?=\d)/, '')),
          );
    const items = texts.flatMap((text) => (text === null ? [] : [JSON.parse(text) as AuditEntry]));
    const last = chosen.at(-1);
    return page.length > query.limit && last
      ? { items, next: { atMs: last.atMs, position: last.position.replace(/^0+(?=\d)/, '') } }
      : { items };
  }
}
