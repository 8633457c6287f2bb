import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Allow } from '../authentication/access.js';
import { GatewayOptions } from '../gateway-options.js';
import { badRequest, invalidFieldsMessage } from '../http/api-errors.js';
import { EventFeed } from './event-feed.js';
import { SseClient } from './sse-client.js';
import { parseStreamRequest } from './stream-filter.js';

/**
 * `GET /api/v1/events/stream` (Viewer): Server-Sent Events of every event, as public events
 * (docs/events.md), filtered by `deploymentId`, `environment`, `type` (repeatable), `category`.
 * `id:` is the global position: reconnecting with `Last-Event-ID` (or `?from=`) gets everything
 * after it, then live events, with no gap and no duplicate. Heartbeat comments keep an idle
 * connection open; a client that does not keep up is dropped.
 */
@Controller('api/v1/events')
export class EventStreamController {
  constructor(
    @Inject(EventFeed) private readonly feed: EventFeed,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {}

  @Get('stream')
  @Allow('Viewer')
  async stream(
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: IncomingMessage,
    @Res() response: ServerResponse,
  ): Promise<void> {
    const parsed = parseStreamRequest(query, lastEventId);
    if (!parsed.ok)
      throw badRequest(invalidFieldsMessage('event stream', parsed.fields), parsed.fields);
    const { filter, from, format } = parsed.value;
    const start = from ?? (await this.feed.endPosition());
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies (nginx) would otherwise hold events back.
      'X-Accel-Buffering': 'no',
    });
    // Tells EventSource how long to wait before it reconnects; the stream starts after `start`.
    response.write(`retry: 2000\n: stream after ${start}\n\n`);
    const { sse } = this.options;
    const client = new SseClient(response, filter, format, start, sse, (dropped, why) =>
      this.feed.drop(dropped, why),
    );
    const heartbeat = setInterval(() => client.heartbeat(), sse.heartbeatMs);
    heartbeat.unref();
    request.once('close', () => {
      clearInterval(heartbeat);
      this.feed.remove(client);
    });
    await this.feed.connect(client);
  }
}
