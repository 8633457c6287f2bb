import { parseStreamName, type RecordedEvent } from '@hotswap/event-store';

/** The version of the shape below; a change that is not an addition makes a v2 (docs/events.md). */
export const PUBLIC_EVENT_SCHEMA = 'hotswap.event/v1';

/** Streams whose events belong to one deployment. */
const DEPLOYMENT_CATEGORIES = new Set(['deployment', 'rollout', 'approval', 'node']);

/**
 * An event as subscribers get it (SSE, and later webhooks): a stable envelope around the stored
 * event. `id` is the global position (opaque text: compare as given, resume with it).
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
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** A public event ready to send: its position, and its SSE frame, made once for every client. */
export interface Published {
  readonly position: bigint;
  readonly event: PublicEvent;
  readonly frame: string;
  /** The frames of its CDEvents ('' when it has none), made when a client asked for them. */
  readonly cdeventFrames?: string;
}

export function published(
  event: PublicEvent,
  position: bigint,
  cdevents?: readonly { readonly context: { readonly type: string } }[],
): Published {
  return {
    position,
    event,
    frame: `id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`,
    ...(cdevents === undefined
      ? {}
      : {
          cdeventFrames: cdevents
            .map((c) => `id: ${event.id}\nevent: ${c.context.type}\ndata: ${JSON.stringify(c)}\n\n`)
            .join(''),
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

/** The environment the event's own data names, if it names one. */
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
  return {
    schema: PUBLIC_EVENT_SCHEMA,
    id: event.position.toString(),
    type: event.type,
    category: parseStreamName(event.streamName).category,
    stream: event.streamName,
    revision: event.revision.toString(),
    deploymentId: deploymentIdOf(event),
    environment,
    occurredAt,
    recordedAt: event.recordedAt.toISOString(),
    actor: typeof actor === 'string' ? actor : null,
    data: event.data,
    metadata: event.metadata,
  };
}
