import { DEPLOYMENT_CATEGORY, type DeploymentEvent } from '@hotswap/contracts';
import { parseStreamName, type RecordedEvent } from '@hotswap/event-store';
import { foldNewEvents } from '../read-model/fold-new-events.js';
import { LeasedProjection, type ProjectionResources } from '../read-model/leased-projection.js';
import { evolveDeploymentDocument } from './deployment-document.js';
import { DeploymentDocuments } from './deployment-documents.js';

/**
 * The `deployments` projection: each event of a `deployment-*` stream folded into its deployment's
 * document. Reading the document and writing it back is safe without a transaction: events of one
 * stream arrive in order on one instance, and the save is refused for a position already applied.
 */
export function deploymentsProjection(resources: ProjectionResources): LeasedProjection {
  const documents = new DeploymentDocuments(resources.redis, resources.keys);
  return new LeasedProjection(
    {
      name: 'deployments',
      filter: { category: DEPLOYMENT_CATEGORY },
      handle: applyDeploymentEvents(documents),
    },
    resources,
  );
}

/**
 * The projection's handler: load the document and the position it was saved at, fold the events
 * after that position, save once, guarded by the last one's position.
 */
export function applyDeploymentEvents(documents: DeploymentDocuments) {
  return async (events: readonly RecordedEvent[]): Promise<void> => {
    const executionId = parseStreamName(events[0]!.streamName).id;
    const { document, position } = foldNewEvents(
      await documents.loadApplied(executionId),
      events,
      // The stored types are the contract's; a type unknown to this version is ignored by the fold.
      (current, event) => evolveDeploymentDocument(current, event as unknown as DeploymentEvent),
    );
    if (document && position !== undefined) await documents.save(document, position);
  };
}
