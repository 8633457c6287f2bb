import type { JetStreamManager, StoredMsg } from 'nats';
import type { RecordedEvent } from '../events.js';
import type { ReadStreamOptions } from '../event-store.js';
import { sliceStream } from '../read-slicing.js';
import { directGet, type DirectGet } from './direct-get.js';
import { decodeMessage, INDEX_DEPTH, type MessageSummary } from './message-format.js';
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
    const sequences = (await this.sequencesOf(last.summary)).slice(1).reverse();
    const appends: StoredAppend[] = [];
    for (let i = 0; i < sequences.length; i += PARALLEL_GETS) {
      appends.push(
        ...(await Promise.all(
          sequences.slice(i, i + PARALLEL_GETS).map((seq) => this.bySequence(seq)),
        )),
      );
    }
    appends.push(last);
    return sliceStream(
      appends.flatMap((append) => append.events),
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

  /** All message sequences of the stream, newest first, following the index back INDEX_DEPTH at a time. */
  private async sequencesOf(last: MessageSummary): Promise<number[]> {
    const sequences = [last.sequence, ...last.previousSequences];
    let oldest = last;
    while (oldest.previousSequences.length === INDEX_DEPTH) {
      oldest = (await this.bySequence(oldest.previousSequences[INDEX_DEPTH - 1]!)).summary;
      sequences.push(...oldest.previousSequences);
    }
    return sequences;
  }
}

/** Whether the stream's last message alone holds every event the read asks for. */
function answeredByLast(last: MessageSummary, options: ReadStreamOptions): boolean {
  const { from, maxCount = Number.MAX_SAFE_INTEGER } = options;
  if (options.direction !== 'backwards') return from !== undefined && from >= last.firstRevision;
  const top = from === undefined || from > last.lastRevision ? last.lastRevision : from;
  return top >= last.firstRevision && BigInt(maxCount) <= top - last.firstRevision + 1n;
}
