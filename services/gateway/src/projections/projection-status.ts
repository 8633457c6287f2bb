import type { Redis } from 'ioredis';
import { parseStreamName, type EventStore, type SubscriptionFilter } from '@hotswap/event-store';
import type { LeasedProjection } from '../read-model/leased-projection.js';
import type {
  GenerationsState,
  ProjectionGenerations,
  RebuildRequest,
} from './projection-generations.js';
import type { ProjectionSupervisor } from './projection-supervisor.js';
import type { ReadModel } from './read-models.js';

/** How many events after a checkpoint the lag is counted among (beyond: "at least"). */
export const LAG_WINDOW = 10_000;

export interface ProjectionStatus {
  /** Its subscriber: the name of its checkpoint and lease. */
  readonly subscriber: string;
  /** The category it projects, or `all`. */
  readonly category: string;
  /** Global position of the last event applied; null before the first. */
  readonly checkpoint: string | null;
  /** Events of its category stored after the checkpoint (among the next LAG_WINDOW events). */
  readonly lag: number;
  /** True when the window was full: the lag is at least `lag`. */
  readonly lagAtLeast: boolean;
}

export interface RebuildStatus {
  readonly generation: number;
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** The end of the store when it was asked for. */
  readonly endPosition: string;
  /** How far its slowest projection has come (a projection caught up counts as at the end). */
  readonly position: string;
  /** 0 to 1: `position` against `endPosition` (positions grow with the events stored). */
  readonly progress: number;
  readonly eventsApplied: number;
  readonly eventsPerSecond: number;
  /** Seconds left at the speed so far; null before any progress. */
  readonly etaSeconds: number | null;
}

export interface ReadModelStatus {
  readonly name: string;
  /** The generation the API answers from (0: never rebuilt). */
  readonly generation: number;
  readonly projections: readonly ProjectionStatus[];
  readonly rebuild: RebuildStatus | null;
}

/** What the status of the read models is computed from. */
export interface StatusSources {
  readonly store: EventStore;
  readonly redis: Redis;
  readonly supervisor: ProjectionSupervisor;
  readonly generations: ProjectionGenerations;
  readonly now: () => Date;
}

/** A read model's active generation, its projections' checkpoints and lag, and its rebuild. */
export async function readModelStatus(
  readModel: ReadModel,
  state: GenerationsState,
  sources: StatusSources,
): Promise<ReadModelStatus> {
  const generation = state.active.get(readModel.name) ?? 0;
  const projections = sources.supervisor.projectionsOf(readModel, generation);
  const rebuild = state.rebuilds.get(readModel.name);
  return {
    name: readModel.name,
    generation,
    projections: await Promise.all(
      projections.map((projection) => projectionStatus(projection, sources)),
    ),
    rebuild: rebuild ? await rebuildStatus(readModel, generation, rebuild, sources) : null,
  };
}

/** The rebuild of a read model in progress, if any, and the generation answering. */
export async function rebuildProgress(
  readModel: ReadModel,
  sources: StatusSources,
): Promise<{ generation: number; rebuild: RebuildStatus | null }> {
  const state = await sources.generations.load();
  const generation = state.active.get(readModel.name) ?? 0;
  const rebuild = state.rebuilds.get(readModel.name);
  return {
    generation,
    rebuild: rebuild ? await rebuildStatus(readModel, generation, rebuild, sources) : null,
  };
}

async function projectionStatus(
  projection: LeasedProjection,
  sources: StatusSources,
): Promise<ProjectionStatus> {
  const checkpoint = await readCheckpoint(projection, sources);
  const window = await sources.store.readAll({
    ...(checkpoint !== undefined && { from: checkpoint }),
    maxCount: LAG_WINDOW + 1,
  });
  const after = window.filter((event) => checkpoint === undefined || event.position > checkpoint);
  const lag = after.filter((event) => matches(projection.filter, event.streamName)).length;
  return {
    subscriber: projection.subscriberId,
    category: projection.filter === 'all' ? 'all' : projection.filter.category,
    checkpoint: checkpoint?.toString() ?? null,
    lag,
    lagAtLeast: after.length >= LAG_WINDOW,
  };
}

async function rebuildStatus(
  readModel: ReadModel,
  activeGeneration: number,
  request: RebuildRequest,
  sources: StatusSources,
): Promise<RebuildStatus> {
  const end = BigInt(request.endPosition);
  const pairs = sources.supervisor.checkpointPairs(readModel, request.generation, activeGeneration);
  const reached = await Promise.all(
    pairs.map(async (pair) => {
      const [rebuilt, active] = (await sources.redis.mget(pair.rebuilding, pair.active)).map(
        (value) => (value === null ? undefined : BigInt(value)),
      );
      // Caught up with the live projection: as far as there is to go, whatever its position.
      if (active === undefined || (rebuilt !== undefined && rebuilt >= active)) return end;
      return rebuilt ?? 0n;
    }),
  );
  const position = reached.reduce((min, next) => (next < min ? next : min), end);
  const progress = end === 0n ? 1 : Math.min(1, Number(position) / Number(end));
  const elapsedSeconds = Math.max(
    0.001,
    (sources.now().getTime() - Date.parse(request.requestedAt)) / 1000,
  );
  const eventsApplied = await sources.generations.rebuildEvents(readModel.name, request.generation);
  return {
    generation: request.generation,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt,
    endPosition: request.endPosition,
    position: position.toString(),
    progress,
    eventsApplied,
    eventsPerSecond: Math.round(eventsApplied / elapsedSeconds),
    etaSeconds: progress > 0 ? Math.round((elapsedSeconds * (1 - progress)) / progress) : null,
  };
}

async function readCheckpoint(
  projection: LeasedProjection,
  sources: StatusSources,
): Promise<bigint | undefined> {
  const value = await sources.redis.get(sources.supervisor.checkpointKey(projection));
  return value === null ? undefined : BigInt(value);
}

function matches(filter: SubscriptionFilter, streamName: string): boolean {
  return filter === 'all' || parseStreamName(streamName).category === filter.category;
}
