import type { WebhookEvent } from '@hotswap/contracts';
import { isoTime, type PublicMappers } from './public-mappers.js';

/**
 * The public `data` of webhook events (category `webhook`): which webhook, what it is filtered on,
 * and its failed deliveries. Neither its URL (a receiver's URL may carry a token) nor its secret,
 * even encrypted, leaves HotSwap; nor does the copy of the event a dead letter keeps.
 */
export interface PublicWebhookData {
  readonly WebhookRegistered: {
    readonly webhookId: string;
    readonly filter: {
      readonly deploymentId?: string;
      readonly environment?: string;
      readonly types?: readonly string[];
      readonly category?: string;
    };
    readonly registeredAt: string;
    readonly registeredBy: string;
  };
  readonly WebhookPaused: { readonly webhookId: string; readonly at: string };
  readonly WebhookResumed: { readonly webhookId: string; readonly at: string };
  readonly WebhookDeleted: { readonly webhookId: string; readonly at: string };
  readonly WebhookDeliveryDeadLettered: {
    readonly webhookId: string;
    readonly eventId: string;
    readonly eventType: string;
    readonly deploymentId: string | null;
    readonly attempts: number;
    readonly lastError: string;
    readonly failedAt: string;
  };
  readonly WebhookDeliveryRedelivered: {
    readonly webhookId: string;
    readonly eventId: string;
    readonly attempts: number;
    readonly at: string;
  };
}

const changed = (data: { webhookId: string; at: string }) => ({
  webhookId: data.webhookId,
  at: isoTime(data.at),
});

export const WEBHOOK_DATA: PublicMappers<WebhookEvent, PublicWebhookData> = {
  WebhookRegistered: (data) => ({
    webhookId: data.webhookId,
    filter: {
      ...(data.filter.deploymentId !== undefined && { deploymentId: data.filter.deploymentId }),
      ...(data.filter.environment !== undefined && { environment: data.filter.environment }),
      ...(data.filter.types !== undefined && { types: [...data.filter.types] }),
      ...(data.filter.category !== undefined && { category: data.filter.category }),
    },
    registeredAt: isoTime(data.registeredAt),
    registeredBy: data.registeredBy,
  }),
  WebhookPaused: changed,
  WebhookResumed: changed,
  WebhookDeleted: changed,
  WebhookDeliveryDeadLettered: (data) => ({
    webhookId: data.webhookId,
    eventId: data.eventId,
    eventType: data.eventType,
    deploymentId: data.deploymentId,
    attempts: data.attempts,
    lastError: data.lastError,
    failedAt: isoTime(data.failedAt),
  }),
  WebhookDeliveryRedelivered: (data) => ({
    webhookId: data.webhookId,
    eventId: data.eventId,
    attempts: data.attempts,
    at: isoTime(data.at),
  }),
};
