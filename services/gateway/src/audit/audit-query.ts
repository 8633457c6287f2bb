import type { Parsed } from '../http/parsed.js';
import { queryFields } from '../http/query-fields.js';
import type { AuditQuery } from './audit-log.js';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 500;

const CURSOR = /^(\d{1,15}):(\d{1,20})$/;

/** The cursor of the page after `next`: opaque to clients (base64url of `<ms>:<position>`). */
export function encodeAuditCursor(next: { atMs: number; position: string }): string {
  return Buffer.from(`${next.atMs}:${next.position}`, 'utf8').toString('base64url');
}

/** `?actor=&from=&to=&limit=&cursor=`, each checked; every bad one is named. */
export function parseAuditQuery(query: Readonly<Record<string, unknown>>): Parsed<AuditQuery> {
  const { fields, single, limit: limitOf } = queryFields(query);
  const time = (name: 'from' | 'to'): number | undefined => {
    const value = single(name);
    if (value === undefined) return undefined;
    const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
    if (Number.isNaN(ms))
      fields[name] = 'must be an ISO-8601 date or time, e.g. 2026-11-22T10:00:00Z';
    return Number.isNaN(ms) ? undefined : ms;
  };

  const actor = single('actor');
  if (actor !== undefined && (actor.length === 0 || actor.length > 254)) {
    fields['actor'] = 'must be a user name of 1 to 254 characters';
  }
  const fromMs = time('from');
  const toMs = time('to');
  if (fromMs !== undefined && toMs !== undefined && fromMs > toMs) {
    fields['to'] = 'must not be before from';
  }
  const limit = limitOf('limit', DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT);
  const rawCursor = single('cursor');
  const cursor =
    rawCursor === undefined
      ? undefined
      : CURSOR.exec(Buffer.from(rawCursor, 'base64url').toString('utf8'));
  if (rawCursor !== undefined && !cursor) {
    fields['cursor'] = 'is not a cursor this API gave (pass nextCursor as it is)';
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: {
      limit,
      ...(actor === undefined ? {} : { actor }),
      ...(fromMs === undefined ? {} : { fromMs }),
      ...(toMs === undefined ? {} : { toMs }),
      ...(cursor ? { before: { atMs: Number(cursor[1]), position: cursor[2]! } } : {}),
    },
  };
}
