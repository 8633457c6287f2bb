import type { DeploymentEvent } from '@hotswap/contracts';
import type { EventStore, RecordedEvent } from '@hotswap/event-store';
import {
  deploymentIdOf,
  environmentInData,
  toPublicEvent,
  type PublicEvent,
} from './public-event.js';

/** What every event of a deployment may need to say about it: from its DeploymentRequested. */
export interface DeploymentFacts {
  readonly moduleName: string;
  readonly version: string;
  readonly environment: string;
}

/** Deployments whose facts are remembered (forgotten all at once beyond). */
const FACTS_KEPT = 50_000;

/**
 * A deployment's module, version and environment, read once from the first event of its stream
 * and remembered: the environment of events that do not name one (for the public shape and the
 * `environment` filter), and the facts of its CDEvents. A deployment the store does not know
 * stays unknown here, so its events do not each read the store again.
 */
export class DeploymentEnvironments {
  private readonly known = new Map<string, DeploymentFacts | null>();

  constructor(private readonly store: EventStore) {}

  /** The event as subscribers get it, its environment found. */
  async publicEvent(event: RecordedEvent): Promise<PublicEvent> {
    return toPublicEvent(event, await this.of(event));
  }

  async of(event: RecordedEvent): Promise<string | null> {
    const named = environmentInData(event);
    if (named !== null) return named;
    const deploymentId = deploymentIdOf(event);
    return deploymentId === null ? null : ((await this.facts(deploymentId))?.environment ?? null);
  }

  async facts(deploymentId: string): Promise<DeploymentFacts | undefined> {
    let facts = this.known.get(deploymentId);
    if (facts === undefined) {
      const [first] = await this.store.readStream(`deployment-${deploymentId}`, { maxCount: 1 });
      const requested =
        first?.type === 'DeploymentRequested'
          ? (first.data as Extract<DeploymentEvent, { type: 'DeploymentRequested' }>['data'])
          : undefined;
      facts = requested
        ? {
            moduleName: requested.moduleName,
            version: requested.version,
            environment: requested.targetEnvironment,
          }
        : null;
      if (this.known.size >= FACTS_KEPT) this.known.clear();
      this.known.set(deploymentId, facts);
    }
    return facts ?? undefined;
  }
}
