import {
  APPROVAL_CATEGORY,
  CHAOS_CATEGORY,
  DEPLOYMENT_CATEGORY,
  MODULE_CATEGORY,
  NODE_CATEGORY,
  ROLLOUT_CATEGORY,
  WEBHOOK_CATEGORY,
} from '@hotswap/contracts';
import { APPROVAL_DATA, type PublicApprovalData } from './approval-data.js';
import { CHAOS_DATA, type PublicChaosData } from './chaos-data.js';
import { DEPLOYMENT_DATA, type PublicDeploymentData } from './deployment-data.js';
import { MODULE_DATA, type PublicModuleData } from './module-data.js';
import { NODE_DATA, type PublicNodeData } from './node-data.js';
import { ROLLOUT_DATA, type PublicRolloutData } from './rollout-data.js';
import { WEBHOOK_DATA, type PublicWebhookData } from './webhook-data.js';

type ShapeOf<Shapes> = Shapes[keyof Shapes];

/** Any public `data` (docs/events.md lists each type's). */
export type PublicData =
  | ShapeOf<PublicDeploymentData>
  | ShapeOf<PublicRolloutData>
  | ShapeOf<PublicApprovalData>
  | ShapeOf<PublicNodeData>
  | ShapeOf<PublicModuleData>
  | ShapeOf<PublicChaosData>
  | ShapeOf<PublicWebhookData>;

/**
 * Every recorded event type subscribers can get, by the category of its stream (a type name is
 * unique only within one: `TrafficSwitched` is both a rollout's and a node's), with the function
 * that gives its public data. The recorded data is the services' own language and may change
 * with them; what these functions return is the promise made to subscribers.
 */
export const PUBLIC_DATA = {
  [DEPLOYMENT_CATEGORY]: DEPLOYMENT_DATA,
  [ROLLOUT_CATEGORY]: ROLLOUT_DATA,
  [APPROVAL_CATEGORY]: APPROVAL_DATA,
  [NODE_CATEGORY]: NODE_DATA,
  [MODULE_CATEGORY]: MODULE_DATA,
  [CHAOS_CATEGORY]: CHAOS_DATA,
  [WEBHOOK_CATEGORY]: WEBHOOK_DATA,
} as const;

type Mapper = (data: never) => PublicData;

function mapperOf(category: string, type: string): Mapper | undefined {
  if (!Object.hasOwn(PUBLIC_DATA, category)) return undefined;
  const mappers: Readonly<Record<string, Mapper>> =
    PUBLIC_DATA[category as keyof typeof PUBLIC_DATA];
  return Object.hasOwn(mappers, type) ? mappers[type] : undefined;
}

/** Whether events of `type` in streams of `category` have a public shape. */
export function hasPublicData(category: string, type: string): boolean {
  return mapperOf(category, type) !== undefined;
}

/**
 * The public data of a recorded event, or null when there is none: a type this gateway does not
 * know (written by a newer service during an upgrade) or data not of its type's recorded shape.
 * The event is still sent, with `data: null`, so a subscriber sees every id and can skip it
 * (docs/events.md); what the services record never reaches subscribers untranslated.
 */
export function publicDataOf(category: string, type: string, data: unknown): PublicData | null {
  const mapper = mapperOf(category, type);
  if (mapper === undefined || typeof data !== 'object' || data === null) return null;
  try {
    return mapper(data as never);
  } catch {
    return null;
  }
}
