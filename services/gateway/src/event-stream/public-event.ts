import { parseStreamName, type EventMetadata, type RecordedEvent } from '@hotswap/event-store';
import { publicDataOf, type PublicData } from './public-data/public-data.js';

/** The version of the shape below; a change that is not an addition makes a v2 (docs/events.md). */
export const PUBLIC_EVENT_SCHEMA = 'hotswap.event/v1';

/** Streams whose events belong to one deployment. */
const DEPLOYMENT_CATEGORIES = new Set(['deployment', 'rollout', 'approval', 'node']);

/**
 * The metadata subscribers get: the recorded event's correlation, causation, actor, timestamp and
 * trace context, each null when it was not recorded. Whatever else a service puts in its events'
 * metadata stays inside HotSwap.
 */
export interface PublicMetadata {
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly actor: string | null;
  readonly timestamp: string | null;
  /** W3C trace context of the span that recorded the event. */
  readonly traceparent: string | null;
}

/**
 * An event as subscribers get it (SSE, webhooks, a deployment's history): a stable envelope around
 * the stored event, whose data is translated into its type's public shape (public-data/).
 * `id` is the global position (opaque text: compare as given, resume with it).
 */
export interface PublicEvent {
  readonly schema: typeof PUBLIC_EVENT_SCHEMA;
  readonly id: string;
  readonly type: string;
  readonly category: string;
  readonly stream: string;
  /** The event's place in its stream, from 0. */
  readonly revision: string;
  /** The deployment it belongs to (its execution id), if any. */
  readonly deploymentId: string | null;
  readonly environment: string | null;
  /** When it happened (the metadata's timestamp, else when it was stored). */
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** Who caused it: a user, or `service:<name>`. */
  readonly actor: string | null;
  /** The type's public data (docs/events.md); null for a type that has none. */
  readonly data: PublicData | null;
  readonly metadata: PublicMetadata;
}

/**
 * A public event ready to send: its position, and its SSE frame, made once for every client and
 * encoded once (as UTF-8 bytes), not once per client's write.
 */
export interface Published {
  readonly position: bigint;
  readonly event: PublicEvent;
  readonly frame: Buffer;
  /** The frames of its CDEvents (empty when it has none), made when a client asked for them. */
  readonly cdeventFrames?: Buffer;
}

export function published(
  event: PublicEvent,
  position: bigint,
  cdevents?: readonly { readonly context: { readonly type: string } }[],
): Published {
  return {
    position,
    event,
    frame: Buffer.from(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`),
    ...(cdevents === undefined
      ? {}
      : {
          cdeventFrames: Buffer.from(
            cdevents
              .map(
                (c) => `id: ${event.id}\nevent: ${c.context.type}\ndata: ${JSON.stringify(c)}\n\n`,
              )
              .join(''),
          ),
        }),
  };
}

/** The execution id an event belongs to, if it belongs to a deployment. */
export function deploymentIdOf(event: RecordedEvent): string | null {
  const { category, id } = parseStreamName(event.streamName);
  if (!DEPLOYMENT_CATEGORIES.has(category)) return null;
  const correlation = event.metadata.correlationId;
  if (typeof correlation === 'string' && correlation !== '') return correlation;
  return category === 'node' ? null : id;
}

/** The environment the event's recorded data names, if it names one (read before translation). */
export function environmentInData(event: RecordedEvent): string | null {
  const data = event.data as { targetEnvironment?: unknown; environment?: unknown } | null;
  const named = data?.targetEnvironment ?? data?.environment;
  return typeof named === 'string' ? named : null;
}

export function toPublicEvent(event: RecordedEvent, environment: string | null): PublicEvent {
  const stamped = event.metadata.timestamp;
  const occurredAt =
    typeof stamped === 'string' && !Number.isNaN(Date.parse(stamped))
      ? stamped
      : event.recordedAt.toISOString();
  const actor = event.metadata.actor;
  const { category } = parseStreamName(event.streamName);
  return {
    schema: PUBLIC_EVENT_SCHEMA,
    id: event.position.toString(),
    type: event.type,
    category,
    stream: event.streamName,
    revision: event.revision.toString(),
    deploymentId: deploymentIdOf(event),
    environment,
    occurredAt,
    recordedAt: event.recordedAt.toISOString(),
    actor: typeof actor === 'string' ? actor : null,
    data: publicDataOf(category, event.type, event.data),
    metadata: publicMetadataOf(event.metadata),
  };
}

function publicMetadataOf(metadata: EventMetadata): PublicMetadata {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    actor: text(metadata.actor),
    timestamp: text(metadata.timestamp),
    traceparent: text(metadata.traceparent),
  };
}
