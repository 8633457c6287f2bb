import {
  AckPolicy,
  DeliverPolicy,
  nanos,
  type Consumer,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from 'nats';
import type { RecordedEvent } from '../events.js';
import type { SourceStatus } from '../subscriptions/subscription-health.js';
import { decodeMessage } from './message-format.js';
import { fromPosition } from './position.js';
import { isNotFound, isRecoverable, translate } from './nats-errors.js';

/** The server no longer knows a subscription's consumer (restarted, or removed it as idle). */
class ConsumerLost extends Error {
  override readonly name = 'ConsumerLost';
}

const READ_CONSUMER_IDLE_MS = 5_000;
const SUBSCRIPTION_CONSUMER_IDLE_MS = 60_000;
const RECONNECT_DELAY_MS = 250;
/**
 * How long one pull of a subscription waits on the server. nats.js expects a heartbeat every half
 * of it and, after two missed ones or a reconnect, asks whether the consumer still exists: this
 * bounds how long a subscription can miss that its consumer is gone (a restarted nats-server
 * forgets in-memory consumers).
 */
const SUBSCRIPTION_PULL_EXPIRES_MS = 5_000;
/**
 * How often a subscription asks the server about its consumer: that it still exists (a second
 * line of defence behind nats.js's own check) and how many events wait for it (readiness).
 */
const CONSUMER_CHECK_MS = 5_000;

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
   * from the last message delivered; the subscription skips what it already handled. nats.js
   * would otherwise keep pulling from the lost consumer for good, silently (issue 12, break 1):
   * `abort_on_missing_resource` makes it end the iteration with the error instead.
   */
  async *follow(
    subject: string,
    after: bigint | undefined,
    signal: AbortSignal,
    status: SourceStatus,
  ): AsyncGenerator<RecordedEvent> {
    let next = after === undefined ? 1 : fromPosition(after).sequence;
    while (!signal.aborted) {
      let consumer: Consumer | undefined;
      let unwatch: (() => void) | undefined;
      try {
        consumer = await this.open(subject, next, SUBSCRIPTION_CONSUMER_IDLE_MS);
        const messages = await consumer.consume({
          max_messages: 256,
          expires: SUBSCRIPTION_PULL_EXPIRES_MS,
          abort_on_missing_resource: true,
        });
        status.attached();
        const stop = () => messages.stop();
        signal.addEventListener('abort', stop, { once: true });
        // An abort while the consumer was being opened fired before the listener existed.
        if (signal.aborted) stop();
        unwatch = this.watch(consumer, messages, status);
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
        // The iteration ended without an abort: the consumer went away under it.
        if (!signal.aborted) status.detached('the consumer ended');
      } catch (error) {
        if (signal.aborted) return;
        if (!isRecoverable(error) && !(error instanceof ConsumerLost)) {
          throw translate(error, `following '${subject}'`);
        }
        status.detached(error);
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
      } finally {
        unwatch?.();
        if (consumer) this.discard(consumer);
      }
    }
  }

  /**
   * Asks the server about the consumer every CONSUMER_CHECK_MS: gone, the iteration ends with
   * ConsumerLost and follow() opens another; there, its pending count goes to the status.
   */
  private watch(consumer: Consumer, messages: ConsumerMessages, status: SourceStatus): () => void {
    let asking = false;
    // An answer that comes after this consumer was given up speaks of the past: ignored.
    let watching = true;
    const timer = setInterval(() => {
      if (asking) return;
      asking = true;
      consumer
        .info()
        .then((info) => {
          if (!watching) return;
          status.attached();
          status.pending(info.num_pending);
        })
        .catch((error: unknown) => {
          if (!watching) return;
          status.detached(error);
          if (isNotFound(error) || /consumer not found/i.test(String(error))) {
            messages.stop(new ConsumerLost(String(error)));
          }
        })
        .finally(() => (asking = false));
    }, CONSUMER_CHECK_MS);
    timer.unref();
    return () => {
      watching = false;
      clearInterval(timer);
    };
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
