import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import {
  badGateway,
  badRequest,
  conflict,
  invalidFieldsMessage,
  serviceUnavailable,
} from '../http/api-errors.js';
import { Allow, CallerOf, type Caller } from '../authentication/access.js';
import { parseDeploymentRequest } from './deployment-request.js';
import { RequestDeploymentHandler, type AcceptedDeployment } from './request-deployment.js';

@Controller('api/v1/deployments')
export class RequestDeploymentController {
  constructor(
    @Inject(RequestDeploymentHandler) private readonly handler: RequestDeploymentHandler,
  ) {}

  /** 202 with the deployment and its Location; 400 naming each bad field; 409; 503. */
  @Post()
  @Allow('Deployer')
  @HttpCode(202)
  async request(
    @CallerOf() caller: Caller,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Pick<ServerResponse, 'setHeader'>,
  ): Promise<AcceptedDeployment> {
    const parsed = parseDeploymentRequest(body, idempotencyKey);
    if (!parsed.ok) {
      throw badRequest(invalidFieldsMessage('deployment request', parsed.fields), parsed.fields);
    }
    const outcome = await this.handler.handle(parsed.value, caller.username);
    switch (outcome.kind) {
      case 'accepted':
        response.setHeader('Location', outcome.deployment.links.self);
        return outcome.deployment;
      case 'invalid':
        throw badRequest(outcome.message, outcome.fields);
      case 'conflict':
        throw conflict(outcome.message);
      case 'unavailable':
        throw serviceUnavailable(outcome.message);
      case 'failed':
        throw badGateway(outcome.message);
    }
  }
}
