import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { isExecutionId } from '@hotswap/contracts';
import { notFound } from '../http/api-errors.js';
import { GetDeploymentHandler } from './get-deployment.js';
import { Allow } from '../authentication/access.js';

@Controller('api/v1/deployments')
export class GetDeploymentController {
  constructor(@Inject(GetDeploymentHandler) private readonly handler: GetDeploymentHandler) {}

  /** The deployment document (DeploymentDocument), sent as the projection stored it. */
  @Get(':executionId')
  @Allow('Viewer')
  @Header('Content-Type', 'application/json; charset=utf-8')
  async get(@Param('executionId') executionId: string): Promise<string> {
    // Anything but an execution id cannot name a deployment.
    const document = isExecutionId(executionId)
      ? await this.handler.handle(executionId)
      : undefined;
    if (!document) throw notFound(`No deployment has the execution id '${executionId}'`);
    return document;
  }
}
