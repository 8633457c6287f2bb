import type { JetStreamManager, StoredMsg } from 'nats';
import type { RecordedEvent } from '../events.js';
import type { ReadStreamOptions } from '../event-store.js';
import { sliceStream } from '../read-slicing.js';
import { directGet, type DirectGet } from './direct-get.js';
import { decodeMessage, type MessageSummary } from './message-format.js';
import { isNotFound, translate } from './nats-errors.js';

/** How many direct gets one read keeps in flight. */
const PARALLEL_GETS = 32;

export interface StoredAppend {
  readonly summary: MessageSummary;
  readonly events: RecordedEvent[];
}

/**
 * Reads one event stream with direct gets only: its last message by subject (answered at once,
 * 404 when the stream has none), then the earlier messages by the sequences each message lists.
 */
export class StreamReader {
  private readonly direct: DirectGet;

  constructor(
    jsm: JetStreamManager,
    private readonly stream: string,
    private readonly prefix: string,
  ) {
    this.direct = directGet(jsm);
  }

  async last(subject: string): Promise<StoredAppend | undefined> {
    try {
      return this.decode(await this.direct.getMessage(this.stream, { last_by_subj: subject }));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw translate(error, `reading '${subject}'`);
    }
  }

  async bySequence(sequence: number): Promise<StoredAppend> {
    try {
      return this.decode(await this.direct.getMessage(this.stream, { seq: sequence }));
    } catch (error) {
      throw translate(error, `reading message ${sequence}`);
    }
  }

  async read(subject: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const last = await this.last(subject);
    if (!last || (options.maxCount ?? 1) <= 0) return [];
    if (answeredByLast(last.summary, options)) return sliceStream(last.events, options);
    // Walk back from the newest message, a batch of parallel gets at a time, only as far as the
    // read needs: to the message holding `from` going forwards, or until `maxCount` events going
    // backwards (reading a long stream's tail must not cost the whole stream).
    const appends: StoredAppend[] = [last];
    let older = [...last.summary.previousSequences];
    while (older.length > 0 && !covered(appends, options)) {
      const batch = await Promise.all(
        older.splice(0, PARALLEL_GETS).map((seq) => this.bySequence(seq)),
      );
      appends.push(...batch);
      // Each message lists the 64 before it: the oldest one fetched tells where to go on.
      if (older.length === 0) older = [...batch[batch.length - 1]!.summary.previousSequences];
    }
    return sliceStream(
      appends.reverse().flatMap((append) => append.events),
      options,
    );
  }

  private decode(m: StoredMsg): StoredAppend {
    return decodeMessage(this.prefix, {
      sequence: m.seq,
      subject: m.subject,
      headers: m.header,
      body: m.data,
      recordedAt: m.time,
    });
  }
}

/** Whether the messages fetched so far (newest first) hold every event the read asks for. */
function covered(appends: readonly StoredAppend[], options: ReadStreamOptions): boolean {
  const oldest = appends[appends.length - 1]!.summary;
  if (options.direction !== 'backwards') {
    return options.from !== undefined && oldest.firstRevision <= options.from;
  }
  const newest = appends[0]!.summary;
  const top =
    options.from === undefined || options.from > newest.lastRevision
      ? newest.lastRevision
      : options.from;
  const available = top - oldest.firstRevision + 1n;
  return options.maxCount !== undefined && available >= BigInt(options.maxCount);
}

/** Whether the stream's last message alone holds every event the read asks for. */
function answeredByLast(last: MessageSummary, options: ReadStreamOptions): boolean {
  const { from, maxCount = Number.MAX_SAFE_INTEGER } = options;
  if (options.direction !== 'backwards') return from !== undefined && from >= last.firstRevision;
  const top = from === undefined || from > last.lastRevision ? last.lastRevision : from;
  return top >= last.firstRevision && BigInt(maxCount) <= top - last.firstRevision + 1n;
}
