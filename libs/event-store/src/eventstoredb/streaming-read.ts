import type { AllStreamResolvedEvent, ResolvedEvent, StreamingRead } from '@eventstore/db-client';
import type { RecordedEvent } from '../events.js';
import { EventStoreUnavailable } from '../errors.js';
import { fromEventStoreDBEvent, isSystemEvent } from './event-mapping.js';
import { requirePosition } from './position.js';

/**
 * HotSwap events of a read, in read order, up to `maxCount`; EventStoreDB's own events are
 * skipped. The read is cancelled once done so the server stops sending.
 */
export async function collect(
  read: StreamingRead<ResolvedEvent | AllStreamResolvedEvent>,
  maxCount: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  try {
    for await (const resolved of read) {
      const recorded = resolved.event;
      if (recorded === undefined || isSystemEvent(recorded)) continue;
      events.push(fromEventStoreDBEvent(recorded, requirePosition(recorded)));
      if (events.length >= maxCount) break;
    }
  } finally {
    await read.cancel();
  }
  return events;
}

/**
 * Waits until the server has answered `read` completely, or rejects with EventStoreUnavailable
 * after `timeoutMs`: reads carry no gRPC deadline, and an unreachable host may never refuse.
 */
export async function answeredWithin(
  read: StreamingRead<unknown>,
  timeoutMs: number,
): Promise<void> {
  const answered = drain(read);
  // Once the timeout wins nobody awaits the read; its late failure must not go unhandled.
  answered.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EventStoreUnavailable(`EventStoreDB did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([answered, timeout]);
  } finally {
    clearTimeout(timer);
    await read.cancel();
  }
}

async function drain(read: StreamingRead<unknown>): Promise<void> {
  for await (const _ of read) {
    // Only the answer matters, not the events.
  }
}
