import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisScript } from '@hotswap/coordination';
import type { ReadModelKeys } from '../read-model/read-model-keys.js';
import type { PublicEvent } from '../event-stream/public-event.js';
import type { StreamFilter } from '../event-stream/stream-filter.js';

/** Which events a webhook wants; the event stream's filters. */
export interface WebhookFilter {
  readonly deploymentId?: string;
  readonly environment?: string;
  readonly types?: readonly string[];
  readonly category?: string;
}

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly filter: WebhookFilter;
  /** Signs every delivery (HMAC-SHA256); never shown again after registration. */
  readonly secret: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Paused: nothing is delivered; its checkpoint stays, so resuming delivers what it missed. */
  readonly paused?: boolean;
}

/** A delivery that failed every attempt: kept until an Admin redelivers it. */
export interface DeadLetter {
  readonly eventId: string;
  readonly type: string;
  readonly deploymentId: string | null;
  readonly attempts: number;
  readonly lastError: string;
  readonly failedAt: string;
  readonly event: PublicEvent;
}

// KEYS: the registrations. ARGV: the webhook's id, 1 to pause or 0 to resume. Answers its JSON.
const SET_PAUSED = new RedisScript(`
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return false end
local webhook = cjson.decode(json)
webhook.paused = ARGV[2] == '1'
json = cjson.encode(webhook)
redis.call('HSET', KEYS[1], ARGV[1], json)
return json
`);

export const webhookView = ({ secret: _, ...view }: Webhook) => view;

/** The event stream's filter (`matches`) of a webhook's, as stored (its types a list). */
export function streamFilterOf({ types, ...filter }: WebhookFilter): StreamFilter {
  return types === undefined ? filter : { ...filter, types: new Set(types) };
}

/**
 * Webhooks and their dead letters in Redis (under the gateway's namespace, like its read models):
 * one hash of registrations, one hash of dead letters per webhook (by event id).
 */
export class WebhookRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async register(input: Omit<Webhook, 'id'>): Promise<Webhook> {
    const webhook: Webhook = { id: randomUUID(), ...input };
    await this.redis.hset(this.keys.webhooks(), webhook.id, JSON.stringify(webhook));
    return webhook;
  }

  async get(id: string): Promise<Webhook | undefined> {
    const json = await this.redis.hget(this.keys.webhooks(), id);
    return json === null ? undefined : (JSON.parse(json) as Webhook);
  }

  async list(): Promise<Webhook[]> {
    return Object.values(await this.redis.hgetall(this.keys.webhooks()))
      .map((json) => JSON.parse(json) as Webhook)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Removes the webhook and its dead letters; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const [[, removed]] = (await this.redis
      .multi()
      .hdel(this.keys.webhooks(), id)
      .del(this.keys.webhookDeadLetters(id))
      .exec()) as [[unknown, number], [unknown, number]];
    return removed === 1;
  }

  /** Pauses or resumes it (one script: never writes back a webhook removed meanwhile). */
  async setPaused(id: string, paused: boolean): Promise<Webhook | undefined> {
    const json = (await SET_PAUSED.run(
      this.redis,
      [this.keys.webhooks()],
      [id, paused ? 1 : 0],
    )) as string | null;
    return json === null ? undefined : (JSON.parse(json) as Webhook);
  }

  async deadLetter(id: string, letter: DeadLetter): Promise<void> {
    await this.redis.hset(this.keys.webhookDeadLetters(id), letter.eventId, JSON.stringify(letter));
  }

  async deadLetters(id: string): Promise<DeadLetter[]> {
    return Object.values(await this.redis.hgetall(this.keys.webhookDeadLetters(id)))
      .map((json) => JSON.parse(json) as DeadLetter)
      .sort((a, b) => (BigInt(a.eventId) < BigInt(b.eventId) ? -1 : 1));
  }

  async forget(id: string, eventId: string): Promise<void> {
    await this.redis.hdel(this.keys.webhookDeadLetters(id), eventId);
  }
}
