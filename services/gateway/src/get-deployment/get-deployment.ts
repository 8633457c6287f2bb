import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@hotswap/service-host';
import { DeploymentDocuments } from '../deployments-projection/deployment-documents.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';

/**
 * A deployment as the deployments projection last wrote it, as the JSON text it stored (a client
 * polling for a status asks for it many times: parsing and serialising it again each time was
 * wasted work); undefined for an id it never saw.
 */
@Injectable()
export class GetDeploymentHandler {
  private readonly documents: DeploymentDocuments;

  constructor(@Inject(REDIS) redis: Redis, @Inject(ReadModelKeys) keys: ReadModelKeys) {
    this.documents = new DeploymentDocuments(redis, keys);
  }

  handle(executionId: string): Promise<string | undefined> {
    return this.documents.loadJson(executionId);
  }
}
