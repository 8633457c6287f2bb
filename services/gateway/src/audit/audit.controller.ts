import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@hotswap/service-host';
import { Allow } from '../authentication/access.js';
import { badRequest, invalidFieldsMessage } from '../http/api-errors.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import type { AuditEntry } from './audit-entry.js';
import { AuditLog } from './audit-log.js';
import { encodeAuditCursor, parseAuditQuery } from './audit-query.js';

/**
 * `GET /api/v1/audit?actor=&from=&to=&limit=&cursor=` (Admin): who did what, when, newest first,
 * from the audit projection: every event a person's command recorded (requests, approvals,
 * rejections, pauses, aborts, promotions, rollbacks, faults).
 */
@Controller('api/v1/audit')
export class AuditController {
  private readonly log: AuditLog;

  constructor(@Inject(REDIS) redis: Redis, @Inject(ReadModelKeys) keys: ReadModelKeys) {
    this.log = new AuditLog(redis, keys);
  }

  /** 200 `{ items, nextCursor }`; 400 naming each bad parameter. */
  @Get()
  @Allow('Admin')
  async list(
    @Query() query: Record<string, unknown>,
  ): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const parsed = parseAuditQuery(query);
    if (!parsed.ok) {
      throw badRequest(invalidFieldsMessage('audit query', parsed.fields), parsed.fields);
    }
    const page = await this.log.list(parsed.value);
    return { items: page.items, nextCursor: page.next ? encodeAuditCursor(page.next) : null };
  }
}
