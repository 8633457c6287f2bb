import { DEPLOYMENT_CATEGORY, type DeploymentEvent } from '@hotswap/contracts';
import { parseStreamName, type RecordedEvent } from '@hotswap/event-store';
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
      handle: applyDeploymentEvent(documents),
    },
    resources,
  );
}

/** The projection's handler: load, fold, save guarded by the event's position. */
export function applyDeploymentEvent(documents: DeploymentDocuments) {
  return async (event: RecordedEvent): Promise<void> => {
    // The stored types are the contract's; a type unknown to this version is ignored by the fold.
    const deploymentEvent = event as unknown as DeploymentEvent;
    const current = await documents.load(parseStreamName(event.streamName).id);
    const next = evolveDeploymentDocument(current, deploymentEvent);
    if (next && next !== current) await documents.save(next, event.position);
  };
}
