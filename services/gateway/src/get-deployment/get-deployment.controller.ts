import { Controller, Get, Header, Inject, Param } from '@nestjs/common';
import { notFound } from '../http/api-errors.js';
import { GetDeploymentHandler } from './get-deployment.js';
import { Allow } from '../authentication/access.js';

// Execution ids are stream ids: anything else cannot name a deployment.
const EXECUTION_ID = /^[A-Za-z0-9_-]{1,200}$/;

@Controller('api/v1/deployments')
export class GetDeploymentController {
  constructor(@Inject(GetDeploymentHandler) private readonly handler: GetDeploymentHandler) {}

  /** The deployment document (DeploymentDocument), sent as the projection stored it. */
  @Get(':executionId')
  @Allow('Viewer')
  @Header('Content-Type', 'application/json; charset=utf-8')
  async get(@Param('executionId') executionId: string): Promise<string> {
    const document = EXECUTION_ID.test(executionId)
      ? await this.handler.handle(executionId)
      : undefined;
    if (!document) throw notFound(`No deployment has the execution id '${executionId}'`);
    return document;
  }
}
