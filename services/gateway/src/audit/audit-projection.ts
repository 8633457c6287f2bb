import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { RecordedEvent } from '@hotswap/event-store';
import { LeasedProjection, type ProjectionResources } from '../read-model/leased-projection.js';
import { PROJECTION_RESOURCES } from '../read-model/projection-resources.js';
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

/** Runs the projection while the application runs. */
@Injectable()
export class AuditProjectionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly projection: LeasedProjection;

  constructor(@Inject(PROJECTION_RESOURCES) resources: ProjectionResources) {
    this.projection = auditProjection(resources);
  }

  onApplicationBootstrap(): void {
    this.projection.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}
