import type { EncryptedWebhookSecret, WebhookEvent, WebhookFilterData } from '@hotswap/contracts';
import type { RecordedEvent } from '@hotswap/event-store';
import type { PublicEvent } from '../event-stream/public-event.js';

/** Which events a webhook wants; the event stream's filters. */
export type WebhookFilter = WebhookFilterData;

/** A registered webhook as its stream says (its secret still encrypted). */
export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly filter: WebhookFilter;
  /** Signs every delivery (HMAC-SHA256) once decrypted; never shown again after registration. */
  readonly secret: EncryptedWebhookSecret;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Paused: nothing is delivered; its checkpoint stays, so resuming delivers what it missed. */
  readonly paused: boolean;
  /** The position of its registration: it gets the events after it. */
  readonly startAfter: string;
}

/** A delivery that failed every attempt: kept until an Admin redelivers it. */
export interface DeadLetter {
  readonly eventId: string;
  readonly type: string;
  readonly deploymentId: string | null;
  readonly attempts: number;
  readonly lastError: string;
  readonly failedAt: string;
  readonly event: PublicEvent;
}

/** Everything a webhook's stream says: the webhook (absent before it, or once deleted) and its dead letters. */
export interface WebhookState {
  readonly webhook: Webhook | undefined;
  readonly deleted: boolean;
  readonly deadLetters: ReadonlyMap<string, DeadLetter>;
}

export const webhookView = ({ secret: _, startAfter: __, ...view }: Webhook) => view;

/** The fold of a `webhook-<id>` stream; events of types it does not know are skipped. */
export function webhookState(events: readonly RecordedEvent[]): WebhookState {
  let webhook: Webhook | undefined;
  let deleted = false;
  const deadLetters = new Map<string, DeadLetter>();
  for (const recorded of events) {
    const event = recorded as unknown as WebhookEvent & { position: bigint };
    switch (event.type) {
      case 'WebhookRegistered':
        webhook = {
          id: event.data.webhookId,
          url: event.data.url,
          filter: event.data.filter,
          secret: event.data.secret,
          createdAt: event.data.registeredAt,
          createdBy: event.data.registeredBy,
          paused: false,
          startAfter: recorded.position.toString(),
        };
        break;
      case 'WebhookPaused':
      case 'WebhookResumed':
        if (webhook) webhook = { ...webhook, paused: event.type === 'WebhookPaused' };
        break;
      case 'WebhookDeleted':
        webhook = undefined;
        deleted = true;
        deadLetters.clear();
        break;
      case 'WebhookDeliveryDeadLettered': {
        const { eventId, eventType, deploymentId, attempts, lastError, failedAt } = event.data;
        if (webhook) {
          deadLetters.set(eventId, {
            eventId,
            type: eventType,
            deploymentId,
            attempts,
            lastError,
            failedAt,
            event: event.data.event as PublicEvent,
          });
        }
        break;
      }
      case 'WebhookDeliveryRedelivered':
        deadLetters.delete(event.data.eventId);
        break;
      default:
        break;
    }
  }
  return { webhook, deleted, deadLetters };
}
