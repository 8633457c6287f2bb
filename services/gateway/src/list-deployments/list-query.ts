import { isModuleName, MODULE_NAME_RULE, type Environment } from '@hotswap/contracts';
import {
  DEPLOYMENT_STATUSES,
  type DeploymentStatus,
} from '../deployments-projection/deployment-document.js';
import { isIndexMember } from '../deployments-projection/deployment-index.js';
import { ENVIRONMENT_LIST, parseEnvironment } from '../http/parse-environment.js';
import type { Parsed } from '../http/parsed.js';
import { queryFields } from '../http/query-fields.js';

export interface ListQuery {
  readonly environment?: Environment;
  readonly status?: DeploymentStatus;
  readonly moduleName?: string;
  readonly limit: number;
  /** The index member after which the page starts (decoded cursor). */
  readonly after?: string;
}

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** A cursor is the last listed deployment's index member, base64url-encoded so clients treat it as opaque. */
export function encodeCursor(member: string): string {
  return Buffer.from(member, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string | undefined {
  const member = Buffer.from(cursor, 'base64url').toString('utf8');
  return isIndexMember(member) ? member : undefined;
}

/** `?environment=&status=&moduleName=&limit=&cursor=`, each checked; every bad one is named. */
export function parseListQuery(query: Readonly<Record<string, unknown>>): Parsed<ListQuery> {
  const { fields, single, limit: limitOf } = queryFields(query);
  const rawEnvironment = single('environment');
  const rawStatus = single('status');
  const moduleName = single('moduleName');
  const rawCursor = single('cursor');

  const environment = rawEnvironment === undefined ? undefined : parseEnvironment(rawEnvironment);
  if (rawEnvironment !== undefined && !environment) {
    fields['environment'] = `must be one of ${ENVIRONMENT_LIST}`;
  }
  const status = DEPLOYMENT_STATUSES.find((s) => s.toLowerCase() === rawStatus?.toLowerCase());
  if (rawStatus !== undefined && !status) {
    fields['status'] = `must be one of ${DEPLOYMENT_STATUSES.join(', ')}`;
  }
  if (moduleName !== undefined && !isModuleName(moduleName)) {
    fields['moduleName'] = `must be ${MODULE_NAME_RULE}`;
  }
  const limit = limitOf('limit', DEFAULT_LIMIT, MAX_LIMIT);
  const after = rawCursor === undefined ? undefined : decodeCursor(rawCursor);
  if (rawCursor !== undefined && !after) {
    fields['cursor'] = 'must be a nextCursor this API returned';
  }

  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    value: {
      limit,
      ...(environment ? { environment } : {}),
      ...(status ? { status } : {}),
      ...(moduleName !== undefined ? { moduleName } : {}),
      ...(after ? { after } : {}),
    },
  };
}
