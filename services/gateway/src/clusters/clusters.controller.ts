import { Controller, Get, Inject, Param } from '@nestjs/common';
import { notFound } from '../http/api-errors.js';
import { parseEnvironment, unknownEnvironment } from '../http/parse-environment.js';
import { GetClustersHandler, type ClusterView } from './get-clusters.js';
import { Allow } from '../authentication/access.js';

@Controller('api/v1/clusters')
export class ClustersController {
  constructor(@Inject(GetClustersHandler) private readonly handler: GetClustersHandler) {}

  /** One summary per environment. */
  @Get()
  @Allow('Viewer')
  async all(): Promise<{ clusters: Array<Omit<ClusterView, 'nodes'>> }> {
    return { clusters: await this.handler.all() };
  }

  /** The environment's nodes and summary; the environment in any letter case. */
  @Get(':environment')
  @Allow('Viewer')
  async one(@Param('environment') name: string): Promise<ClusterView> {
    const environment = parseEnvironment(name);
    if (!environment) throw notFound(unknownEnvironment(name));
    return this.handler.cluster(environment);
  }
}
