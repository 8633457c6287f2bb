/** The category of webhook streams: `webhook-<webhookId>`, one per registered webhook. */
export const WEBHOOK_CATEGORY = 'webhook';
export const webhookStream = (webhookId: string): string => `${WEBHOOK_CATEGORY}-${webhookId}`;

/** Which events a webhook wants: the live event stream's filters. */
export interface WebhookFilterData {
  readonly deploymentId?: string;
  readonly environment?: string;
  readonly types?: readonly string[];
  readonly category?: string;
}

/**
 * A webhook's signing secret as stored: AES-256-GCM under the gateway's
 * HOTSWAP_WEBHOOK_SECRET_KEY (never the secret itself), each part base64.
 */
export interface EncryptedWebhookSecret {
  readonly algorithm: 'aes-256-gcm';
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/**
 * Events of stream `webhook-<webhookId>` (owned by the gateway): a webhook's registration, its
 * pauses, its deletion and its deliveries that failed every attempt (dead letters) until an Admin
 * redelivers them. What Redis holds of webhooks is projected from these. The `type` strings are
 * the stored names: never rename one.
 */
export type WebhookEvent =
  | {
      /** It gets every event after this one that passes `filter`. */
      type: 'WebhookRegistered';
      data: {
        webhookId: string;
        url: string;
        filter: WebhookFilterData;
        secret: EncryptedWebhookSecret;
        registeredAt: string;
        registeredBy: string;
      };
    }
  | { type: 'WebhookPaused'; data: { webhookId: string; at: string } }
  | { type: 'WebhookResumed'; data: { webhookId: string; at: string } }
  | { type: 'WebhookDeleted'; data: { webhookId: string; at: string } }
  | {
      /** A delivery failed every attempt; `event` is the public event as it was sent. */
      type: 'WebhookDeliveryDeadLettered';
      data: {
        webhookId: string;
        eventId: string;
        eventType: string;
        deploymentId: string | null;
        attempts: number;
        lastError: string;
        failedAt: string;
        event: unknown;
      };
    }
  | {
      /** An Admin sent a dead letter again and the receiver took it: the dead letter is gone. */
      type: 'WebhookDeliveryRedelivered';
      data: { webhookId: string; eventId: string; attempts: number; at: string };
    };

export type WebhookEventType = WebhookEvent['type'];
