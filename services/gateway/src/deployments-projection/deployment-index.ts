import type { DeploymentDocument } from './deployment-document.js';

/**
 * The listing indexes are sorted sets whose members all have score 0 and read
 * `<request time in ms, 15 digits>:<executionId>`: their lexicographic order is request-time order
 * (ties broken by id), and a member is an exact keyset cursor, so paging never skips or repeats a
 * deployment when others arrive meanwhile.
 */
const MEMBER = /^\d{15}:[A-Za-z0-9_-]{1,200}$/;

export function indexMember(
  document: Pick<DeploymentDocument, 'requestedAt' | 'executionId'>,
): string {
  const requestedAt = Date.parse(document.requestedAt);
  const milliseconds = Number.isNaN(requestedAt) ? 0 : Math.max(0, requestedAt);
  return `${String(milliseconds).padStart(15, '0')}:${document.executionId}`;
}

export function isIndexMember(value: string): boolean {
  return MEMBER.test(value);
}

export function executionIdOf(member: string): string {
  return member.slice(member.indexOf(':') + 1);
}
