import { Controller, Get, Inject, Query } from '@nestjs/common';
import { badRequest, invalidFieldsMessage } from '../http/api-errors.js';
import { ListDeploymentsHandler, type DeploymentPage } from './list-deployments.js';
import { parseListQuery } from './list-query.js';
import { Allow } from '../authentication/access.js';

@Controller('api/v1/deployments')
export class ListDeploymentsController {
  constructor(@Inject(ListDeploymentsHandler) private readonly handler: ListDeploymentsHandler) {}

  /** `?environment=&status=&moduleName=&limit=&cursor=`: newest first, `nextCursor` for the next page. */
  @Get()
  @Allow('Viewer')
  async list(@Query() query: Record<string, unknown>): Promise<DeploymentPage> {
    const parsed = parseListQuery(query);
    if (!parsed.ok) {
      throw badRequest(invalidFieldsMessage('query', parsed.fields), parsed.fields);
    }
    return this.handler.handle(parsed.value);
  }
}
