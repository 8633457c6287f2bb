import type { RecordedEvent } from './events.js';
import type { ReadStreamOptions } from './event-store.js';

/** Applies `from`, `direction` and `maxCount` to consecutive events of a stream, ordered by revision. */
export function sliceStream(
  stream: readonly RecordedEvent[],
  options: ReadStreamOptions,
): RecordedEvent[] {
  const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
  if (options.direction === 'backwards') {
    const from = options.from ?? stream[stream.length - 1]?.revision ?? -1n;
    return stream
      .filter((event) => event.revision <= from)
      .reverse()
      .slice(0, maxCount);
  }
  const from = options.from ?? 0n;
  return stream.filter((event) => event.revision >= from).slice(0, maxCount);
}
