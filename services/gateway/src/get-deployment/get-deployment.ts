import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@hotswap/service-host';
import type { DeploymentDocument } from '../deployments-projection/deployment-document.js';
import { DeploymentDocuments } from '../deployments-projection/deployment-documents.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';

/** A deployment as the deployments projection last wrote it; undefined for an id it never saw. */
@Injectable()
export class GetDeploymentHandler {
  private readonly documents: DeploymentDocuments;

  constructor(@Inject(REDIS) redis: Redis, @Inject(ReadModelKeys) keys: ReadModelKeys) {
    this.documents = new DeploymentDocuments(redis, keys);
  }

  handle(executionId: string): Promise<DeploymentDocument | undefined> {
    return this.documents.load(executionId);
  }
}
