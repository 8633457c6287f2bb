import { MODULE_CATEGORY, type ModuleEvent } from '@hotswap/contracts';
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
      handle: async (event: RecordedEvent) => {
        if (event.type !== 'ModuleRegistered') return;
        const data = event.data as ModuleEvent['data'];
        // A version is registered once: writing it again (a redelivery) writes the same.
        await documents.save({
          moduleName: data.moduleName,
          version: data.version,
          digest: data.digest,
          size: data.size,
          signer: data.signer,
          registeredAt: data.registeredAt,
          registeredBy: String(event.metadata.actor ?? 'unknown'),
        });
      },
    },
    resources,
  );
}
