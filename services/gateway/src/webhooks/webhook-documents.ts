import type { Redis } from 'ioredis';
import { RedisScript } from '@hotswap/coordination';
import { IS_NEWER_POSITION_LUA } from '../read-model/position-guard.js';
import type { ReadModelKeys } from '../read-model/read-model-keys.js';
import type { DeadLetter, Webhook, WebhookState } from './webhook-state.js';

// KEYS: the webhook's position, the registrations, its dead letters. ARGV: the position of the
// stream's last event folded, the id, the webhook's JSON ('' when there is none, or it was
// deleted), then its dead letters as event id, JSON pairs. One script: registration and dead
// letters move together, and never back to an older fold of the stream.
const SAVE = new RedisScript(`${IS_NEWER_POSITION_LUA}
if not is_newer(KEYS[1], ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
if ARGV[3] == '' then redis.call('HDEL', KEYS[2], ARGV[2]) else redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) end
redis.call('DEL', KEYS[3])
for i = 4, #ARGV, 2 do redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]) end
return 1
`);

/**
 * The `webhooks` read model: one hash of registrations, one hash of dead letters per webhook, each
 * webhook written whole as the fold of its `webhook-<id>` stream, guarded by the position of the
 * stream's last event. A cache of the store: rebuilt from the events when Redis lost it.
 */
export class WebhookDocuments {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  /** Saves what the stream said up to `position`; false when a later fold was saved already. */
  async save(id: string, state: WebhookState, position: bigint): Promise<boolean> {
    const letters = [...state.deadLetters.values()].flatMap((letter) => [
      letter.eventId,
      JSON.stringify(letter),
    ]);
    const written = await SAVE.run(
      this.redis,
      [this.keys.webhookPosition(id), this.keys.webhooks(), this.keys.webhookDeadLetters(id)],
      [position.toString(), id, state.webhook ? JSON.stringify(state.webhook) : '', ...letters],
    );
    return written === 1;
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

  async deadLetters(id: string): Promise<DeadLetter[]> {
    return Object.values(await this.redis.hgetall(this.keys.webhookDeadLetters(id)))
      .map((json) => JSON.parse(json) as DeadLetter)
      .sort((a, b) => (BigInt(a.eventId) < BigInt(b.eventId) ? -1 : 1));
  }
}
