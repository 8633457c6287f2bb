import { AUDITED_CATEGORIES, auditProjection } from '../audit/audit-projection.js';
import { deploymentsProjection } from '../deployments-projection/deployments-projection.js';
import { modulesProjection } from '../modules/modules-projection.js';
import { nodesProjection } from '../nodes-projection/nodes-projection.js';
import type { LeasedProjection, ProjectionResources } from '../read-model/leased-projection.js';
import type { ReadModelName } from '../read-model/read-model-keys.js';
import { webhooksProjection } from '../webhooks/webhooks-projection.js';

/**
 * A read model: the keys one or more projections write (under `ReadModelKeys.readModelPrefix`),
 * rebuilt as a whole. The audit is one read model of five projections, one per category.
 */
export interface ReadModel {
  readonly name: ReadModelName;
  readonly projections: readonly ((resources: ProjectionResources) => LeasedProjection)[];
}

export const READ_MODELS: readonly ReadModel[] = [
  { name: 'deployments', projections: [deploymentsProjection] },
  { name: 'nodes', projections: [nodesProjection] },
  { name: 'audit', projections: AUDITED_CATEGORIES.map((category) => auditProjection(category)) },
  { name: 'modules', projections: [modulesProjection] },
  { name: 'webhooks', projections: [webhooksProjection] },
];

export function readModelNamed(name: string): ReadModel | undefined {
  return READ_MODELS.find((readModel) => readModel.name === name);
}
