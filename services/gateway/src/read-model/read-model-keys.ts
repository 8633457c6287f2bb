import type { HotSwapConfig } from '@hotswap/config';
import type { DeploymentStatus } from '../deployments-projection/deployment-document.js';

/** The read models the gateway projects, each rebuilt as a whole (projections/read-models.ts). */
export type ReadModelName = 'deployments' | 'nodes' | 'audit' | 'modules' | 'webhooks';

/** The JetStream stream that `npm start` and production use (HOTSWAP_JETSTREAM_STREAM's default). */
const DEFAULT_JETSTREAM_STREAM = 'HOTSWAP_EVENTS';

/**
 * Every Redis key the gateway reads or writes, under one namespace (`hotswap` in production):
 * read models under `<ns>:rm:…`, projection checkpoints under `<ns>:checkpoint:…`, leases under
 * `<ns>:lease:…`. Tests give each file its own namespace; a rebuild can project into a fresh one.
 */
export class ReadModelKeys {
  /**
   * @param generationOf The generation of a read model whose keys to name (0: the first one, whose
   * keys carry no generation). Readers follow the active generations (ProjectionGenerations); a
   * projection writes the generation it was started for (`atGeneration`).
   */
  constructor(
    readonly namespace = 'hotswap',
    private readonly generationOf: (readModel: ReadModelName) => number = () => 0,
  ) {}

  /** The same keys, with each read model's generation as `generationOf` says. */
  followingGenerations(generationOf: (readModel: ReadModelName) => number): ReadModelKeys {
    return new ReadModelKeys(this.namespace, generationOf);
  }

  /** The same keys, but those of `readModel` in `generation` (where a rebuild writes). */
  atGeneration(readModel: ReadModelName, generation: number): ReadModelKeys {
    return new ReadModelKeys(this.namespace, (name) =>
      name === readModel ? generation : this.generationOf(name),
    );
  }

  /**
   * The prefix of every key of a read model's generation: `<ns>:rm:deployments` for the first,
   * `<ns>:rm:deployments@3` for the third. Its keys are the prefix itself or start with `<prefix>:`.
   */
  readModelPrefix(readModel: ReadModelName, generation = this.generationOf(readModel)): string {
    return `${this.namespace}:rm:${readModel}${generation === 0 ? '' : `@${generation}`}`;
  }

  /** Which generation of each read model is active, which is being rebuilt (projection-generations.ts). */
  projectionGenerations(): string {
    return `${this.namespace}:projections:generations`;
  }

  /** Hash of each rebuild in progress, by read model: JSON of its request (projection-generations.ts). */
  projectionRebuilds(): string {
    return `${this.namespace}:projections:rebuilds`;
  }

  /** Hash of the generations replaced by a rebuild, `<read model>@<generation>` → when (ms). */
  retiredProjectionGenerations(): string {
    return `${this.namespace}:projections:retired`;
  }

  /** Counter of the generations handed out: a new one never reuses an old one's keys. */
  projectionGenerationCounter(): string {
    return `${this.namespace}:projections:generation-counter`;
  }

  /** Events a rebuild applied so far, by `<read model>@<generation>`. */
  projectionRebuildEvents(): string {
    return `${this.namespace}:projections:rebuild-events`;
  }

  /** Read models and checkpoints belong to the events they were projected from: one namespace per event store. */
  static forConfig(config: HotSwapConfig): ReadModelKeys {
    const store = config.eventStore;
    return store.kind === 'jetstream' && store.streamName !== DEFAULT_JETSTREAM_STREAM
      ? new ReadModelKeys(`hotswap:${store.streamName}`)
      : new ReadModelKeys();
  }

  get checkpointPrefix(): string {
    return `${this.namespace}:checkpoint:`;
  }

  /** Every registered module version's view, by `<name>@<version>` (the modules projection). */
  modules(): string {
    return this.readModelPrefix('modules');
  }

  /** The audit entries' JSON by global position (the audit projection). */
  auditEntries(): string {
    return `${this.readModelPrefix('audit')}:entries`;
  }

  /** Sorted set of every audit entry's position by time. */
  auditByTime(): string {
    return `${this.readModelPrefix('audit')}:by-time`;
  }

  /** Sorted set of one actor's audit entries by time. */
  auditByActor(actor: string): string {
    return `${this.readModelPrefix('audit')}:by-actor:${actor}`;
  }

  /** Registered webhooks (JSON by id): the webhooks projection's, from `webhook-*` streams. */
  webhooks(): string {
    return this.readModelPrefix('webhooks');
  }

  /** A webhook's dead letters (JSON by event id). */
  webhookDeadLetters(webhookId: string): string {
    return `${this.readModelPrefix('webhooks')}:dead-letters:${webhookId}`;
  }

  /** The position of the last event of a webhook's stream its registration and dead letters show. */
  webhookPosition(webhookId: string): string {
    return `${this.readModelPrefix('webhooks')}:position:${webhookId}`;
  }

  /** The lease of a webhook's delivery: one gateway instance delivers it at a time. */
  webhookLease(webhookId: string): string {
    return `${this.namespace}:lease:gateway:webhook:${webhookId}`;
  }

  /** Prefix of the failed-login counters, one per username (the lockout). */
  loginFailures(): string {
    return `${this.namespace}:login-failures:`;
  }

  /** Prefix of the request counters of the rate limits. */
  rateLimits(): string {
    return `${this.namespace}:rate-limit:`;
  }

  lease(projection: string): string {
    return `${this.namespace}:lease:gateway:projection:${projection}`;
  }

  deploymentDoc(executionId: string): string {
    return `${this.readModelPrefix('deployments')}:doc:${executionId}`;
  }

  /** Sorted set of every deployment, newest last (see deployment-index.ts for the members). */
  deploymentsByTime(): string {
    return `${this.readModelPrefix('deployments')}:by-time`;
  }

  deploymentsByEnvironment(environment: string): string {
    return `${this.readModelPrefix('deployments')}:by-environment:${environment}`;
  }

  deploymentsByModule(moduleName: string): string {
    return `${this.readModelPrefix('deployments')}:by-module:${moduleName}`;
  }

  deploymentsByStatus(status: DeploymentStatus): string {
    return `${this.readModelPrefix('deployments')}:by-status:${status}`;
  }

  /** Node ids cannot hold ':' (stream-name rules), so they never collide with the index keys. */
  node(nodeId: string): string {
    return `${this.readModelPrefix('nodes')}:${nodeId}`;
  }

  nodesByEnvironment(environment: string): string {
    return `${this.readModelPrefix('nodes')}:by-environment:${environment}`;
  }

  telemetry(nodeId: string): string {
    return `${this.namespace}:rm:telemetry:${nodeId}`;
  }

  /** Sorted set of node ids by when their telemetry last arrived. */
  telemetryByEnvironment(environment: string): string {
    return `${this.namespace}:rm:telemetry:by-environment:${environment}`;
  }

  /** Sorted set of the node's telemetry samples, scored by their time (telemetry-series.ts). */
  telemetrySeries(nodeId: string): string {
    return `${this.namespace}:rm:telemetry-series:${nodeId}`;
  }

  /** Sorted set of the node ids with samples, scored by the time of their latest one. */
  telemetrySeriesByEnvironment(environment: string): string {
    return `${this.namespace}:rm:telemetry-series:by-environment:${environment}`;
  }

  /** Where a guarded document stores the position of the last event applied to it. */
  static positionOf(documentKey: string): string {
    return `${documentKey}:position`;
  }
}
