import type { Environment } from '@hotswap/contracts';
import { ENVIRONMENT_LIST, parseEnvironment } from '../http/parse-environment.js';
import type { Parsed } from '../http/parsed.js';
import { EMAIL_PROBLEM, isEmail } from '../http/request-fields.js';

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

/**
 * `DELETE /api/v1/chaos/faults/{faultId}?requesterEmail=`: who removes it, recorded with the
 * removal. A DELETE has no body, so until authentication (issue 5) the requester is a parameter.
 */
export function parseRemoveQuery(query: Query): Parsed<{ requesterEmail: string }> {
  const requesterEmail = query['requesterEmail'];
  if (!isEmail(requesterEmail)) return { ok: false, fields: { requesterEmail: EMAIL_PROBLEM } };
  return { ok: true, value: { requesterEmail } };
}
