import { parseStreamName, type RecordedEvent } from '@hotswap/event-store';

/**
 * One thing a person did, as the audit lists it: an event whose metadata names a user as its
 * actor (services act as `service:<name>` and are not listed). `data` is the event's own, so the
 * entry says exactly what was recorded.
 */
export interface AuditEntry {
  /** The event's global position (a decimal string): unique, and what the entry is keyed by. */
  readonly position: string;
  /** When it was done (the event's metadata timestamp, else when it was stored). */
  readonly at: string;
  readonly actor: string;
  /** The event type: DeploymentRequested, ApprovalGranted, RolloutPaused, FaultInjected, … */
  readonly action: string;
  readonly stream: string;
  /** The id part of the stream: the deployment's execution id for `deployment-…`, `rollout-…`, `approval-…`. */
  readonly subject: string;
  readonly data: unknown;
}

const SERVICE_ACTOR = 'service:';

/** The event's audit entry, or undefined when no person acted (a service, or no actor). */
export function auditEntryOf(event: RecordedEvent): AuditEntry | undefined {
  const actor = event.metadata.actor;
  if (typeof actor !== 'string' || actor === '' || actor.startsWith(SERVICE_ACTOR)) {
    return undefined;
  }
  const stamped = event.metadata.timestamp;
  const at =
    typeof stamped === 'string' && !Number.isNaN(Date.parse(stamped))
      ? new Date(stamped).toISOString()
      : event.recordedAt.toISOString();
  return {
    position: event.position.toString(),
    at,
    actor,
    action: event.type,
    stream: event.streamName,
    subject: parseStreamName(event.streamName).id,
    data: event.data,
  };
}
