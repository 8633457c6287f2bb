import {
  APPROVAL_CATEGORY,
  CHAOS_CATEGORY,
  DEPLOYMENT_CATEGORY,
  MODULE_CATEGORY,
  ROLLOUT_CATEGORY,
} from '@hotswap/contracts';
import type { RecordedEvent } from '@hotswap/event-store';
import { LeasedProjection, type ProjectionResources } from '../read-model/leased-projection.js';
import { auditEntryOf } from './audit-entry.js';
import { AuditLog } from './audit-log.js';

/**
 * The categories where people act: deployments asked for and rolled back, rollouts paused,
 * aborted or promoted, approvals decided, faults and modules. Node events are the services' own
 * (a node installs because the strategy-runner says so) and the most numerous: following them
 * cost the gateway throughput for nothing.
 */
export const AUDITED_CATEGORIES = [
  DEPLOYMENT_CATEGORY,
  ROLLOUT_CATEGORY,
  APPROVAL_CATEGORY,
  CHAOS_CATEGORY,
  MODULE_CATEGORY,
] as const;

/**
 * An `audit-<category>` projection: every event of the category whose actor is a person becomes
 * an entry of the audit log (who did what, when). One per category, each with its own checkpoint
 * (entries need no order across categories: they are keyed and sorted by position and time).
 */
export function auditProjection(
  category: (typeof AUDITED_CATEGORIES)[number],
): (resources: ProjectionResources) => LeasedProjection {
  return (resources) => {
    const log = new AuditLog(resources.redis, resources.keys);
    return new LeasedProjection(
      {
        name: `audit-${category}`,
        filter: { category },
        handle: async (events: readonly RecordedEvent[]) => {
          for (const event of events) {
            const entry = auditEntryOf(event);
            if (entry) await log.record(entry);
          }
        },
      },
      resources,
    );
  };
}
