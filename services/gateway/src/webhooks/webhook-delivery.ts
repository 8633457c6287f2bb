import type { PublicEvent } from '../event-stream/public-event.js';
import { SIGNATURE_HEADER, signDelivery } from './webhook-signature.js';

export interface DeliverySettings {
  /** Attempts before a delivery goes to the dead letters. */
  readonly maxAttempts: number;
  /** Wait after the first failure; doubled after each next one. */
  readonly backoffMs: number;
  /** How long one attempt waits for the receiver's answer. */
  readonly timeoutMs: number;
}

/** The longest one delivery can take: every attempt's timeout and every back-off, plus a margin. */
export function deliveryBudgetMs({ maxAttempts, backoffMs, timeoutMs }: DeliverySettings): number {
  const backoffs = backoffMs * (2 ** Math.max(0, maxAttempts - 1) - 1);
  return maxAttempts * timeoutMs + backoffs + 10_000;
}

export type DeliveryOutcome =
  | { readonly delivered: true; readonly attempts: number }
  | { readonly delivered: false; readonly attempts: number; readonly lastError: string };

/**
 * POSTs the event to the webhook's URL, signed, until a 2xx answer or `maxAttempts` failures
 * (exponential back-off between them). At least once: a receiver that took an event but did not
 * answer in time gets it again, with the same `X-HotSwap-Event-Id` to recognise it by.
 */
export async function deliver(
  /** Where to, and the secret (decrypted) that signs it. */
  webhook: { readonly url: string; readonly secret: string },
  event: PublicEvent,
  settings: DeliverySettings,
  now: () => Date = () => new Date(),
): Promise<DeliveryOutcome> {
  const body = JSON.stringify(event);
  let lastError = '';
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-HotSwap-Event-Id': event.id,
          'X-HotSwap-Event-Type': event.type,
          [SIGNATURE_HEADER]: signDelivery(webhook.secret, body, now()),
        },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { delivered: true, attempts: attempt };
      lastError = `the receiver answered ${response.status}`;
    } catch (error) {
      lastError = `the receiver did not answer (${error instanceof Error ? error.message : String(error)})`;
    }
    if (attempt < settings.maxAttempts) {
      await new Promise((resolve) => setTimeout(resolve, settings.backoffMs * 2 ** (attempt - 1)));
    }
  }
  return { delivered: false, attempts: settings.maxAttempts, lastError };
}
