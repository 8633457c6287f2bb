import type { RecordedEvent } from '@hotswap/event-store';

/** A document as saved, with the position of the last event applied to it. */
export interface SavedDocument<Document> {
  readonly document?: Document;
  readonly position?: bigint;
}

/**
 * A projection's fold of a batch of one stream's events into its document: the events at or
 * before the saved position (redelivered) are skipped; `position` is that of the last event that
 * changed the document, absent when none did (nothing to save).
 */
export function foldNewEvents<Document>(
  saved: SavedDocument<Document>,
  events: readonly RecordedEvent[],
  evolve: (document: Document | undefined, event: RecordedEvent) => Document | undefined,
): SavedDocument<Document> {
  let { document } = saved;
  let position: bigint | undefined;
  for (const event of events) {
    if (saved.position !== undefined && event.position <= saved.position) continue;
    const next = evolve(document, event);
    if (next !== undefined && next !== document) {
      document = next;
      position = event.position;
    }
  }
  return {
    ...(document !== undefined && { document }),
    ...(position !== undefined && { position }),
  };
}
