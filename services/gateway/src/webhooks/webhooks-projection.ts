import { WEBHOOK_CATEGORY } from '@hotswap/contracts';
import { parseStreamName, type EventStore, type RecordedEvent } from '@hotswap/event-store';
import { LeasedProjection, type ProjectionResources } from '../read-model/leased-projection.js';
import { WebhookDocuments } from './webhook-documents.js';
import { webhookState } from './webhook-state.js';

/**
 * The `webhooks` projection: a webhook's registration and dead letters as its `webhook-<id>`
 * stream says. Each batch folds the whole stream again (a webhook's stream is short, and what the
 * API writes through right after an append is the same fold), saved guarded by its last position.
 */
export function webhooksProjection(resources: ProjectionResources): LeasedProjection {
  const documents = new WebhookDocuments(resources.redis, resources.keys);
  return new LeasedProjection(
    {
      name: 'webhooks',
      filter: { category: WEBHOOK_CATEGORY },
      handle: (events) => refreshWebhook(resources.eventStore, documents, events[0]!),
    },
    resources,
  );
}

/**
 * Folds the event's webhook stream as stored now (or as just `read`) and saves it: at least up to
 * the event, as it was read after it was stored.
 */
export async function refreshWebhook(
  store: EventStore,
  documents: WebhookDocuments,
  event: Pick<RecordedEvent, 'streamName'>,
  read?: readonly RecordedEvent[],
): Promise<void> {
  const events = read ?? (await store.readStream(event.streamName));
  const last = events.at(-1);
  if (last === undefined) return;
  await documents.save(parseStreamName(event.streamName).id, webhookState(events), last.position);
}
