import type { Environment } from '@hotswap/contracts';
import { ENVIRONMENT_LIST, parseEnvironment } from '../http/parse-environment.js';
import type { Parsed } from '../http/parsed.js';

// Fault ids are uuids (derived from an Idempotency-Key or not); anything else names no fault.
const FAULT_ID = /^[A-Za-z0-9_-]{1,200}$/;

export const isFaultId = (value: string): boolean => FAULT_ID.test(value);

type Query = Readonly<Record<string, unknown>>;

/** `GET /api/v1/chaos/faults?environment=`: the environment in any letter case, or none for all. */
export function parseFaultsQuery(query: Query): Parsed<{ environment?: Environment }> {
  const raw = query['environment'];
  if (raw === undefined) return { ok: true, value: {} };
  const environment = typeof raw === 'string' ? parseEnvironment(raw) : undefined;
  if (!environment) {
    const problem =
      typeof raw === 'string' ? `must be one of ${ENVIRONMENT_LIST}` : 'must be given once';
    return { ok: false, fields: { environment: problem } };
  }
  return { ok: true, value: { environment } };
}
