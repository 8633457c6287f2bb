import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { HotSwapConfig } from '@hotswap/config';
import { isExecutionId } from '@hotswap/contracts';
import { EventStore } from '@hotswap/event-store';
import { HOTSWAP_CONFIG, REDIS } from '@hotswap/service-host';
import { Allow, CallerOf, type Caller } from '../authentication/access.js';
import { GatewayOptions } from '../gateway-options.js';
import { badGateway, badRequest, invalidFieldsMessage, notFound } from '../http/api-errors.js';
import { parseEnvironment } from '../http/parse-environment.js';
import { bodyFields } from '../http/request-fields.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { deliver } from './webhook-delivery.js';
import { WebhookSecrets } from './webhook-secrets.js';
import {
  webhookView,
  WebhookRegistry,
  type DeadLetter,
  type WebhookFilter,
} from './webhook-registry.js';

const ID = /^[A-Za-z0-9_@.-]{1,200}$/;
const TYPE = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
const CATEGORY = /^[a-z][a-zA-Z0-9]{0,49}$/;
const MIN_SECRET = 16;

/**
 * Webhooks (Admin): `POST /api/v1/webhooks` `{ url, filter?, secret }` registers a subscriber that
 * gets every event after its registration that passes `filter` (the event stream's: deploymentId,
 * environment, types, category), POSTed as a public event and signed with the secret. Deliveries
 * that failed every attempt are listed by `GET …/{id}/deliveries` and sent again by
 * `POST …/{id}/deliveries/{eventId}/redeliver`.
 */
@Controller('api/v1/webhooks')
export class WebhooksController {
  private readonly registry: WebhookRegistry;

  constructor(
    @Inject(EventStore) store: EventStore,
    @Inject(REDIS) redis: Redis,
    @Inject(ReadModelKeys) keys: ReadModelKeys,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
    @Inject(HOTSWAP_CONFIG) config: Pick<HotSwapConfig, 'webhookSecretKey'>,
  ) {
    this.registry = new WebhookRegistry(
      store,
      redis,
      keys,
      new WebhookSecrets(config.webhookSecretKey),
    );
  }

  /** 201 with the webhook (without its secret); 400 naming each bad field. */
  @Post()
  @Allow('Admin')
  @HttpCode(201)
  async register(@CallerOf() caller: Caller, @Body() body: unknown) {
    const { input, fields } = bodyFields(body);
    const url = input['url'];
    if (typeof url !== 'string' || !isHttpUrl(url)) fields['url'] = 'must be an http(s) URL';
    const secret = input['secret'];
    if (typeof secret !== 'string' || secret.length < MIN_SECRET || secret.length > 256) {
      fields['secret'] =
        `must be text of ${MIN_SECRET} to 256 characters (it signs every delivery)`;
    }
    const filter = parseFilter(input['filter'], fields);
    if (Object.keys(fields).length > 0) {
      throw badRequest(invalidFieldsMessage('webhook', fields), fields);
    }
    // It gets what happens from now on: the events stored after its registration.
    const webhook = await this.registry.register(
      { url: url as string, secret: secret as string, filter },
      this.changeBy(caller),
    );
    return webhookView(webhook);
  }

  @Get()
  @Allow('Admin')
  async list() {
    return { items: (await this.registry.list()).map(webhookView) };
  }

  /** 204: it gets nothing more (every instance stops within a sync); its dead letters go too. */
  @Delete(':id')
  @Allow('Admin')
  @HttpCode(204)
  async remove(@CallerOf() caller: Caller, @Param('id') id: string): Promise<void> {
    if (!ID.test(id) || !(await this.registry.remove(id, this.changeBy(caller))))
      throw notFound(`No webhook has the id '${id}'`);
  }

  /** Nothing is delivered until it is resumed; then everything since the pause, in order. */
  @Post(':id/pause')
  @Allow('Admin')
  @HttpCode(200)
  async pause(@CallerOf() caller: Caller, @Param('id') id: string) {
    return webhookView(await this.paused(id, true, caller));
  }

  @Post(':id/resume')
  @Allow('Admin')
  @HttpCode(200)
  async resume(@CallerOf() caller: Caller, @Param('id') id: string) {
    return webhookView(await this.paused(id, false, caller));
  }

  private changeBy(caller: Caller) {
    return { by: caller.username, at: this.options.now().toISOString() };
  }

  private async paused(id: string, paused: boolean, caller: Caller) {
    const webhook = ID.test(id)
      ? await this.registry.setPaused(id, paused, this.changeBy(caller))
      : undefined;
    if (!webhook) throw notFound(`No webhook has the id '${id}'`);
    return webhook;
  }

  /** The deliveries that failed every attempt (dead letters), oldest event first. */
  @Get(':id/deliveries')
  @Allow('Admin')
  async deliveries(@Param('id') id: string): Promise<{ deadLetters: DeadLetter[] }> {
    await this.found(id);
    return { deadLetters: await this.registry.deadLetters(id) };
  }

  /** 200 once the receiver took it (the dead letter is then gone); 502 if it failed again. */
  @Post(':id/deliveries/:eventId/redeliver')
  @Allow('Admin')
  @HttpCode(200)
  async redeliver(
    @CallerOf() caller: Caller,
    @Param('id') id: string,
    @Param('eventId') eventId: string,
  ) {
    const webhook = await this.found(id);
    const letter = (await this.registry.deadLetters(id)).find((l) => l.eventId === eventId);
    if (!letter) throw notFound(`Webhook '${id}' has no dead letter for event '${eventId}'`);
    const outcome = await deliver(
      { url: webhook.url, secret: this.registry.secretOf(webhook) },
      letter.event,
      this.options.webhooks,
      this.options.now,
    );
    if (!outcome.delivered) {
      throw badGateway(`Redelivery of event ${eventId} failed again: ${outcome.lastError}`);
    }
    await this.registry.redelivered(id, eventId, outcome.attempts, this.changeBy(caller));
    return { eventId, delivered: true, attempts: outcome.attempts };
  }

  private async found(id: string) {
    const webhook = ID.test(id) ? await this.registry.get(id) : undefined;
    if (!webhook) throw notFound(`No webhook has the id '${id}'`);
    return webhook;
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && text.length <= 2048;
  } catch {
    return false;
  }
}

function parseFilter(raw: unknown, fields: Record<string, string>): WebhookFilter {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fields['filter'] = 'must be an object: { deploymentId?, environment?, types?, category? }';
    return {};
  }
  const { deploymentId, environment, types, category } = raw as Record<string, unknown>;
  const filter: { -readonly [K in keyof WebhookFilter]: WebhookFilter[K] } = {};
  if (deploymentId !== undefined) {
    if (isExecutionId(deploymentId)) filter.deploymentId = deploymentId;
    else fields['filter.deploymentId'] = 'must be an execution id';
  }
  if (environment !== undefined) {
    const parsed = typeof environment === 'string' ? parseEnvironment(environment) : undefined;
    if (parsed) filter.environment = parsed;
    else fields['filter.environment'] = 'must be one of Development, QA, Staging, Production';
  }
  if (types !== undefined) {
    if (
      Array.isArray(types) &&
      types.length > 0 &&
      types.every((t) => typeof t === 'string' && TYPE.test(t))
    ) {
      filter.types = types as string[];
    } else fields['filter.types'] = 'must be a list of event type names';
  }
  if (category !== undefined) {
    if (typeof category === 'string' && CATEGORY.test(category)) filter.category = category;
    else fields['filter.category'] = 'must be a category such as deployment';
  }
  return filter;
}
