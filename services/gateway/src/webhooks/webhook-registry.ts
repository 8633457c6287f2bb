import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { webhookStream, type WebhookEvent } from '@hotswap/contracts';
import {
  newEvent,
  WrongExpectedRevision,
  type EventStore,
  type RecordedEvent,
} from '@hotswap/event-store';
import type { ReadModelKeys } from '../read-model/read-model-keys.js';
import type { StreamFilter } from '../event-stream/stream-filter.js';
import { WebhookDocuments } from './webhook-documents.js';
import type { WebhookSecrets } from './webhook-secrets.js';
import {
  webhookState,
  type DeadLetter,
  type Webhook,
  type WebhookFilter,
  type WebhookState,
} from './webhook-state.js';
import { refreshWebhook } from './webhooks-projection.js';

export { webhookView, type DeadLetter, type Webhook, type WebhookFilter } from './webhook-state.js';

/** The event stream's filter (`matches`) of a webhook's, as stored (its types a list). */
export function streamFilterOf({ types, ...filter }: WebhookFilter): StreamFilter {
  return types === undefined ? filter : { ...filter, types: new Set(types) };
}

/** Who changes a webhook, and when (the event's actor and time). */
export interface WebhookChange {
  readonly by: string;
  readonly at: string;
}

/** Appends that lost a race with another change of the same webhook are decided again this often. */
const CONFLICT_ATTEMPTS = 3;

/**
 * Webhooks and their dead letters: every change an event of `webhook-<id>` in the event store,
 * Redis only the read model of them (WebhookDocuments, kept by the webhooks projection and
 * written through here right after each append, so an answer shows its own change). A Redis
 * flush loses nothing: the projection folds the streams again.
 */
export class WebhookRegistry {
  private readonly documents: WebhookDocuments;

  constructor(
    private readonly store: EventStore,
    redis: Redis,
    keys: ReadModelKeys,
    private readonly secrets: WebhookSecrets,
  ) {
    this.documents = new WebhookDocuments(redis, keys);
  }

  async register(
    input: { url: string; secret: string; filter: WebhookFilter },
    { by, at }: WebhookChange,
  ): Promise<Webhook> {
    const webhookId = randomUUID();
    const registered: WebhookEvent = {
      type: 'WebhookRegistered',
      data: {
        webhookId,
        url: input.url,
        filter: input.filter,
        secret: this.secrets.encrypt(input.secret),
        registeredAt: at,
        registeredBy: by,
      },
    };
    await this.append(webhookId, [registered], 'no_stream', { by, at });
    const state = await this.refresh(webhookId);
    return state.webhook!;
  }

  /** Pauses or resumes it (nothing is recorded when it already is); undefined when there is none. */
  async setPaused(
    id: string,
    paused: boolean,
    change: WebhookChange,
  ): Promise<Webhook | undefined> {
    const state = await this.decide(
      id,
      (webhook) =>
        webhook.paused === paused
          ? []
          : [
              {
                type: paused ? 'WebhookPaused' : 'WebhookResumed',
                data: { webhookId: id, at: change.at },
              },
            ],
      change,
    );
    return state?.webhook;
  }

  /** Deletes the webhook and its dead letters; false when there was none. */
  async remove(id: string, change: WebhookChange): Promise<boolean> {
    const state = await this.decide(
      id,
      () => [{ type: 'WebhookDeleted', data: { webhookId: id, at: change.at } }],
      change,
    );
    return state !== undefined;
  }

  /** Records a delivery that failed every attempt (a webhook deleted meanwhile keeps none). */
  async deadLetter(id: string, letter: DeadLetter): Promise<void> {
    const { eventId, type, deploymentId, attempts, lastError, failedAt, event } = letter;
    const deadLettered: WebhookEvent = {
      type: 'WebhookDeliveryDeadLettered',
      data: {
        webhookId: id,
        eventId,
        eventType: type,
        deploymentId,
        attempts,
        lastError,
        failedAt,
        event,
      },
    };
    await this.append(id, [deadLettered], 'any', { by: 'service:gateway', at: failedAt });
    await this.refresh(id);
  }

  /** Records that a dead letter was sent again and taken: it leaves the list. */
  async redelivered(id: string, eventId: string, attempts: number, change: WebhookChange) {
    await this.append(
      id,
      [
        {
          type: 'WebhookDeliveryRedelivered',
          data: { webhookId: id, eventId, attempts, at: change.at },
        },
      ],
      'any',
      change,
    );
    await this.refresh(id);
  }

  get(id: string): Promise<Webhook | undefined> {
    return this.documents.get(id);
  }

  list(): Promise<Webhook[]> {
    return this.documents.list();
  }

  deadLetters(id: string): Promise<DeadLetter[]> {
    return this.documents.deadLetters(id);
  }

  /** The secret that signs its deliveries; throws when it was encrypted under another key. */
  secretOf(webhook: Webhook): string {
    return this.secrets.decrypt(webhook.secret);
  }

  /**
   * Reads the webhook's stream, decides on its state, appends at the revision read (again on a
   * conflict) and writes the read model through. Undefined when there is no such webhook.
   */
  private async decide(
    id: string,
    decide: (webhook: Webhook) => WebhookEvent[],
    change: WebhookChange,
  ): Promise<WebhookState | undefined> {
    for (let attempt = 1; ; attempt++) {
      const events = await this.store.readStream(webhookStream(id));
      const { webhook } = webhookState(events);
      if (!webhook) return undefined;
      const decided = decide(webhook);
      if (decided.length === 0) return this.refresh(id, events);
      try {
        await this.append(id, decided, events.at(-1)!.revision, change);
      } catch (error) {
        if (error instanceof WrongExpectedRevision && attempt < CONFLICT_ATTEMPTS) continue;
        throw error;
      }
      return this.refresh(id);
    }
  }

  private async append(
    id: string,
    events: readonly WebhookEvent[],
    expectedRevision: 'no_stream' | 'any' | bigint,
    { by, at }: WebhookChange,
  ): Promise<void> {
    await this.store.append(
      webhookStream(id),
      events.map((event) => newEvent(event.type, event.data, { actor: by, timestamp: at })),
      { expectedRevision },
    );
  }

  /** The read model of one webhook, written through (guarded: never behind the projection). */
  private async refresh(id: string, read?: readonly RecordedEvent[]): Promise<WebhookState> {
    const events = read ?? (await this.store.readStream(webhookStream(id)));
    await refreshWebhook(this.store, this.documents, { streamName: webhookStream(id) }, events);
    return webhookState(events);
  }
}
