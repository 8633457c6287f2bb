import type { Redis } from 'ioredis';
import type { RecordedEvent } from '@hotswap/event-store';
import { DeploymentDocuments } from '../deployments-projection/deployment-documents.js';
import type { ReadModelKeys } from '../read-model/read-model-keys.js';
import {
  deploymentIdOf,
  environmentInData,
  toPublicEvent,
  type PublicEvent,
} from './public-event.js';

/** Deployments whose environment is remembered (forgotten all at once beyond). */
const ENVIRONMENTS_KEPT = 50_000;

/**
 * The environment of an event, for the public shape and the `environment` filter: from the
 * event's data, else its deployment's (remembered, or read once from the deployments read model).
 */
export class DeploymentEnvironments {
  private readonly environments = new Map<string, string | null>();
  private readonly documents: DeploymentDocuments;

  constructor(redis: Redis, keys: ReadModelKeys) {
    this.documents = new DeploymentDocuments(redis, keys);
  }

  /** The event as subscribers get it, its environment found. */
  async publicEvent(event: RecordedEvent): Promise<PublicEvent> {
    return toPublicEvent(event, await this.of(event));
  }

  async of(event: RecordedEvent): Promise<string | null> {
    const deploymentId = deploymentIdOf(event);
    const named = environmentInData(event);
    if (named !== null) {
      if (deploymentId !== null) this.remember(deploymentId, named);
      return named;
    }
    if (deploymentId === null) return null;
    const known = this.environments.get(deploymentId);
    if (known !== undefined) return known;
    // Read once per deployment: one the read model does not know (yet) stays unknown here, so
    // its events do not each wait for Redis.
    const document = await this.documents.load(deploymentId);
    const environment = document?.targetEnvironment ?? null;
    this.remember(deploymentId, environment);
    return environment;
  }

  private remember(deploymentId: string, environment: string | null): void {
    if (this.environments.size >= ENVIRONMENTS_KEPT) this.environments.clear();
    this.environments.set(deploymentId, environment);
  }
}
