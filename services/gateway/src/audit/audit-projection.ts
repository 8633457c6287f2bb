import type { RecordedEvent } from '@hotswap/event-store';
import { LeasedProjection, type ProjectionResources } from '../read-model/leased-projection.js';
import { auditEntryOf } from './audit-entry.js';
import { AuditLog } from './audit-log.js';

/**
 * The `audit` projection: every event of every stream whose actor is a person becomes an entry of
 * the audit log (who did what, when). Entries are keyed by position, so a redelivery is harmless.
 */
export function auditProjection(resources: ProjectionResources): LeasedProjection {
  const log = new AuditLog(resources.redis, resources.keys);
  return new LeasedProjection(
    {
      name: 'audit',
      filter: 'all',
      handle: async (event: RecordedEvent) => {
        const entry = auditEntryOf(event);
        if (entry) await log.record(entry);
      },
    },
    resources,
  );
}
