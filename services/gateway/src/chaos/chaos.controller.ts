import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Fault } from '@hotswap/contracts';
import {
  badGateway,
  badRequest,
  conflict,
  invalidFieldsMessage,
  notFound,
  serviceUnavailable,
} from '../http/api-errors.js';
import { Allow, CallerOf, type Caller } from '../authentication/access.js';
import { ChaosFaultsHandler, noFault, type FaultOutcome } from './chaos-faults.js';
import { parseFaultRequest } from './fault-request.js';
import { isFaultId, parseFaultsQuery } from './faults-query.js';

/** The fault's value, or the HTTP error that says why there is none. */
function valueOf<T>(outcome: FaultOutcome<T>): T {
  switch (outcome.kind) {
    case 'done':
      return outcome.value;
    case 'invalid':
      throw badRequest(outcome.message, outcome.fields);
    case 'not-found':
      throw notFound(outcome.message);
    case 'conflict':
      throw conflict(outcome.message);
    case 'unavailable':
      throw serviceUnavailable(outcome.message);
    case 'failed':
      throw badGateway(outcome.message);
  }
}

const faultUrl = (faultId: string) => `/api/v1/chaos/faults/${faultId}`;

/**
 * Fault injection (issue 4): faults live in the node-agent; every answer comes from it. Viewers
 * see them; only an Admin injects or removes one, recorded as theirs.
 */
@Controller('api/v1/chaos/faults')
export class ChaosController {
  constructor(@Inject(ChaosFaultsHandler) private readonly handler: ChaosFaultsHandler) {}

  /** 201 with the fault and its Location; 400 naming each bad field; 409; 503. */
  @Post()
  @Allow('Admin')
  @HttpCode(201)
  async inject(
    @CallerOf() caller: Caller,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Pick<ServerResponse, 'setHeader'>,
  ): Promise<Fault> {
    const parsed = parseFaultRequest(body, idempotencyKey);
    if (!parsed.ok) {
      throw badRequest(invalidFieldsMessage('fault', parsed.fields), parsed.fields);
    }
    const fault = valueOf(await this.handler.inject(parsed.value, caller.username));
    response.setHeader('Location', faultUrl(fault.faultId));
    return fault;
  }

  /** `?environment=`: the active faults. */
  @Get()
  @Allow('Viewer')
  async list(@Query() query: Record<string, unknown>): Promise<{ items: Fault[] }> {
    const parsed = parseFaultsQuery(query);
    if (!parsed.ok) throw badRequest(invalidFieldsMessage('query', parsed.fields), parsed.fields);
    return { items: valueOf(await this.handler.list(parsed.value.environment)) };
  }

  /** One active fault (where POST's Location points); 404 once it is removed. */
  @Get(':faultId')
  @Allow('Viewer')
  async get(@Param('faultId') faultId: string): Promise<Fault> {
    if (!isFaultId(faultId)) throw notFound(noFault(faultId));
    return valueOf(await this.handler.get(faultId));
  }

  /** 204; 404 when no active fault has the id. */
  @Delete(':faultId')
  @Allow('Admin')
  @HttpCode(204)
  async remove(@CallerOf() caller: Caller, @Param('faultId') faultId: string): Promise<void> {
    if (!isFaultId(faultId)) throw notFound(noFault(faultId));
    valueOf(await this.handler.remove(faultId, caller.username));
  }
}
