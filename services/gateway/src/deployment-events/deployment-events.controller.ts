import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { isExecutionId } from '@hotswap/contracts';
import { EventStore } from '@hotswap/event-store';
import { deploymentTimeline } from '@hotswap/history';
import { Allow } from '../authentication/access.js';
import {
  environmentInData,
  toPublicEvent,
  type PublicEvent,
} from '../event-stream/public-event.js';
import { badRequest, invalidFieldsMessage, notFound } from '../http/api-errors.js';
import { queryFields } from '../http/query-fields.js';

const POSITION = /^\d{1,30}$/;
export const DEFAULT_EVENTS_LIMIT = 100;
export const MAX_EVENTS_LIMIT = 500;

/**
 * `GET /api/v1/deployments/{id}/events` (Viewer): the deployment's whole history as public events
 * (docs/events.md), oldest first: its own events and those of its approval, rollout (and
 * rollback), nodes, and the faults on its module version; the same timeline `hotswap history`
 * prints. Paged: `?limit=` (1–500, 100) and `?cursor=` (the `nextCursor` of the page before).
 */
@Controller('api/v1/deployments')
export class DeploymentEventsController {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  @Get(':executionId/events')
  @Allow('Viewer')
  async events(
    @Param('executionId') executionId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<{ items: PublicEvent[]; nextCursor: string | null }> {
    const { fields, single, limit: limitOf } = queryFields(query);
    const limit = limitOf('limit', DEFAULT_EVENTS_LIMIT, MAX_EVENTS_LIMIT);
    const cursor = single('cursor');
    if (cursor !== undefined && !POSITION.test(cursor)) {
      fields['cursor'] = 'must be a nextCursor this API returned';
    }
    if (Object.keys(fields).length > 0) {
      throw badRequest(invalidFieldsMessage('events query', fields), fields);
    }
    const timeline = isExecutionId(executionId)
      ? await deploymentTimeline(this.store, executionId)
      : undefined;
    if (timeline === undefined)
      throw notFound(`No deployment has the execution id '${executionId}'`);
    const environment = environmentInData(timeline[0]!);
    const after = cursor === undefined ? undefined : BigInt(cursor);
    const rest = after === undefined ? timeline : timeline.filter((e) => e.position > after);
    const page = rest.slice(0, limit);
    return {
      items: page.map((event) => toPublicEvent(event, environmentInData(event) ?? environment)),
      nextCursor: rest.length > limit ? page.at(-1)!.position.toString() : null,
    };
  }
}
