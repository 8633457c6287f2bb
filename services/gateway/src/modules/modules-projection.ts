import { MODULE_CATEGORY, moduleRegistration, moduleViewOf } from '@hotswap/contracts';
import type { RecordedEvent } from '@hotswap/event-store';
import { LeasedProjection, type ProjectionResources } from '../read-model/leased-projection.js';
import { ModuleDocuments } from './module-documents.js';

/** The `modules` projection: each ModuleRegistered of a `module-*` stream as the API shows it. */
export function modulesProjection(resources: ProjectionResources): LeasedProjection {
  const documents = new ModuleDocuments(resources.redis, resources.keys);
  return new LeasedProjection(
    {
      name: 'modules',
      filter: { category: MODULE_CATEGORY },
      handle: async (events: readonly RecordedEvent[]) => {
        for (const event of events) {
          // A version is registered once: writing it again (a redelivery) writes the same.
          const registration = moduleRegistration(
            [event],
            (event.data as { version: string }).version,
          );
          if (registration) await documents.save(moduleViewOf(registration));
        }
      },
    },
    resources,
  );
}
