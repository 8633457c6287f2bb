import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type Consumer,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import type { RecordedEvent } from '../events.js';
import { decodeMessage } from './message-format.js';
import { fromPosition } from './position.js';
import { isRecoverable, translate } from './nats-errors.js';

const READ_CONSUMER_IDLE_MS = 5_000;
const SUBSCRIPTION_CONSUMER_IDLE_MS = 60_000;
const RECONNECT_DELAY_MS = 250;

/**
 * Reads the JetStream log in sequence order through ephemeral pull consumers: bounded reads for
 * readAll, and catch-up-then-live for subscriptions. (nats.js 2.29's ordered consumer never
 * started consuming against nats-server 2.9.10, so these are plain consumers without acks; one
 * consumer delivers in order.)
 */
export class LogReader {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly prefix: string,
  ) {}

  /** Hands the events of each message on `subject` from `start` to `end` to `onMessage` until it returns false. */
  async read(
    subject: string,
    start: number,
    end: number,
    onMessage: (events: RecordedEvent[]) => boolean,
  ): Promise<void> {
    const consumer = await this.open(subject, start, READ_CONSUMER_IDLE_MS);
    try {
      const messages = await consumer.consume({ max_messages: Math.min(1000, end - start + 1) });
      let wanted = true;
      // stop() takes effect once the iterator has drained what it buffered, so keep iterating
      // (ignoring the rest) rather than breaking out, which would leave the pull half-closed.
      for await (const m of messages) {
        if (!wanted) continue;
        if (!onMessage(this.decode(m)) || m.seq >= end) {
          wanted = false;
          messages.stop();
        }
      }
    } catch (error) {
      throw translate(error, `reading '${subject}'`);
    } finally {
      this.discard(consumer);
    }
  }

  /**
   * Every event on `subject` after position `after`, catch-up then live, until `signal` aborts.
   * When the consumer is lost (server restart, deleted while disconnected) a new one continues
   * from the last message delivered; the subscription skips what it already handled.
   */
  async *follow(
    subject: string,
    after: bigint | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<RecordedEvent> {
    let next = after === undefined ? 1 : fromPosition(after).sequence;
    while (!signal.aborted) {
      let consumer: Consumer | undefined;
      try {
        consumer = await this.open(subject, next, SUBSCRIPTION_CONSUMER_IDLE_MS);
        const messages = await consumer.consume({ max_messages: 256 });
        const stop = () => messages.stop();
        signal.addEventListener('abort', stop, { once: true });
        // An abort while the consumer was being opened fired before the listener existed.
        if (signal.aborted) stop();
        try {
          for await (const m of messages) {
            if (signal.aborted) continue;
            next = m.seq + 1;
            yield* this.decode(m);
          }
        } finally {
          signal.removeEventListener('abort', stop);
          messages.stop();
        }
      } catch (error) {
        if (signal.aborted) return;
        if (!isRecoverable(error)) throw translate(error, `following '${subject}'`);
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
      } finally {
        if (consumer) this.discard(consumer);
      }
    }
  }

  private decode(m: JsMsg): RecordedEvent[] {
    const recordedAt = new Date(m.info.timestampNanos / 1_000_000);
    return decodeMessage(this.prefix, {
      sequence: m.seq,
      subject: m.subject,
      headers: m.headers,
      body: m.data,
      recordedAt,
    }).events;
  }

  private async open(subject: string, startSequence: number, idleMs: number): Promise<Consumer> {
    try {
      const info = await this.jsm.consumers.add(this.stream, {
        filter_subject: subject,
        deliver_policy: DeliverPolicy.StartSequence,
        opt_start_seq: Math.max(1, startSequence),
        ack_policy: AckPolicy.None,
        mem_storage: true,
        num_replicas: 1,
        inactive_threshold: nanos(idleMs),
      });
      return await this.js.consumers.get(this.stream, info.name);
    } catch (error) {
      throw translate(error, `opening a consumer on '${subject}'`);
    }
  }

  /** Best effort: the server also removes an idle consumer after its inactive threshold. */
  private discard(consumer: Consumer): void {
    void consumer
      .info(true)
      .then((info) => this.jsm.consumers.delete(this.stream, info.name))
      .catch(() => undefined);
  }
}
