import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { GatewayOptions } from '../gateway-options.js';
import type { LeasedProjection, ProjectionResources } from '../read-model/leased-projection.js';
import { PROJECTION_RESOURCES } from '../read-model/projection-resources.js';
import type { ReadModelName } from '../read-model/read-model-keys.js';
import { ActiveGenerations } from './active-generations.js';
import {
  generationKey,
  parseGenerationKey,
  ProjectionGenerations,
  type CheckpointPair,
  type GenerationsState,
} from './projection-generations.js';
import { READ_MODELS, readModelNamed, type ReadModel } from './read-models.js';

const FIRST_TICK_WAIT_MS = 3_000;

/** The projections of one generation of a read model, running (competing for their leases) here. */
interface RunningGeneration {
  readonly readModel: ReadModel;
  readonly generation: number;
  readonly projections: readonly LeasedProjection[];
}

/**
 * Runs every read model's projections on this instance, in the generation that answers and, while
 * a rebuild is in progress, in the one it projects into (from position 0, beside the other, its
 * keys under their own prefix). Each projection still runs on one instance at a time: the holder
 * of its lease. Every `projectionSupervisionMs` it reads the generations from Redis, so all
 * instances follow a rebuild asked of any of them; swaps a rebuild in once it has caught up; and
 * deletes the keys of a replaced generation once no reader can still be using them
 * (`retiredGenerationGraceMs`).
 */
@Injectable()
export class ProjectionSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Map<string, RunningGeneration>();
  private readonly generations: ProjectionGenerations;
  /** Per rebuild (`<read model>@<generation>`), where the active projections were at the last tick. */
  private readonly swapTargets = new Map<string, readonly string[]>();
  /** Events applied by rebuilds on this instance since they were last added to Redis's count. */
  private readonly applied = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(PROJECTION_RESOURCES) private readonly resources: ProjectionResources,
    @Inject(ActiveGenerations) private readonly active: ActiveGenerations,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
  ) {
    this.generations = new ProjectionGenerations(resources.redis, resources.keys);
  }

  /**
   * Before the API answers: which generations are active, and their projections started. With
   * Redis away it does not hold the start up longer than a few seconds; the ticks go on trying.
   */
  async onApplicationBootstrap(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.wake(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_TICK_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    await Promise.all([...this.running.values()].map((running) => this.stop(running)));
    this.running.clear();
  }

  /** Supervises now rather than at the next tick (after a rebuild was asked for here). */
  wake(): Promise<void> {
    clearTimeout(this.timer);
    this.ticking = this.ticking.then(() => this.tick());
    return this.ticking;
  }

  /**
   * The projections of a generation: those running here, else made (not started) to name their
   * subscribers and filters (status, clean-up).
   */
  projectionsOf(readModel: ReadModel, generation: number): readonly LeasedProjection[] {
    return (
      this.running.get(generationKey(readModel.name, generation))?.projections ??
      readModel.projections.map((make) => make(this.resourcesAt(readModel.name, generation)))
    );
  }

  checkpointKey(projection: LeasedProjection): string {
    return `${this.resources.keys.checkpointPrefix}${projection.subscriberId}`;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      let swapped = true;
      // A swap changes what should run: supervise again at once rather than a tick later.
      while (swapped && !this.stopped) {
        const state = await this.generations.load();
        this.active.update(state.active);
        await this.reconcile(state);
        await this.countApplied(state);
        swapped = await this.swapCaughtUp(state);
      }
      await this.deleteRetired();
    } catch (error) {
      this.resources.logger.warn({ err: error }, 'supervising the projections failed; retrying');
    }
    if (!this.stopped) {
      // One timer at a time, also when wake() queued a tick while this one ran.
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.wake(), this.options.projectionSupervisionMs);
    }
  }

  /** Starts the generations that should run and are not, stops those that should not and are. */
  private async reconcile(state: GenerationsState): Promise<void> {
    for (const readModel of READ_MODELS) {
      const wanted = new Set([state.active.get(readModel.name) ?? 0]);
      const rebuild = state.rebuilds.get(readModel.name);
      if (rebuild) wanted.add(rebuild.generation);
      for (const generation of wanted) {
        const key = generationKey(readModel.name, generation);
        if (this.running.has(key)) continue;
        const projections = readModel.projections.map((make) =>
          make(this.resourcesAt(readModel.name, generation, key)),
        );
        for (const projection of projections) projection.start();
        this.running.set(key, { readModel, generation, projections });
      }
      for (const [key, running] of this.running) {
        if (running.readModel !== readModel || wanted.has(running.generation)) continue;
        this.running.delete(key);
        await this.stop(running);
      }
    }
  }

  private async countApplied(state: GenerationsState): Promise<void> {
    const counted = [...this.applied];
    this.applied.clear();
    for (const [key, events] of counted) {
      const { readModel: name, generation } = parseGenerationKey(key);
      if (state.rebuilds.get(name)?.generation !== generation) continue;
      await this.generations.countRebuildEvents(name, generation, events);
    }
  }

  /**
   * Swaps in every rebuild whose projections have caught up: applied what the active ones had
   * applied one tick ago. Both follow the live events from then on, but under a steady load the
   * rebuild's checkpoint, stored a moment later, may never equal the active one's at the same
   * instant; a reader may see the read model step back by at most that tick's events.
   */
  private async swapCaughtUp(state: GenerationsState): Promise<boolean> {
    let swapped = false;
    for (const [name, rebuild] of state.rebuilds) {
      const readModel = readModelNamed(name);
      if (!readModel) continue;
      const key = generationKey(name, rebuild.generation);
      const pairs = this.checkpointPairs(
        readModel,
        rebuild.generation,
        state.active.get(name) ?? 0,
      );
      const outcome = await this.generations.swapIfCaughtUp(
        readModel.name,
        rebuild.generation,
        pairs,
        this.swapTargets.get(key),
        this.options.now(),
      );
      if (outcome.swapped) {
        this.swapTargets.delete(key);
        this.resources.logger.info(
          { readModel: name, generation: rebuild.generation },
          'rebuilt read model swapped in',
        );
        swapped = true;
      } else {
        this.swapTargets.set(key, outcome.activeCheckpoints);
      }
    }
    return swapped;
  }

  checkpointPairs(
    readModel: ReadModel,
    rebuilding: number,
    active: number,
  ): readonly CheckpointPair[] {
    const rebuilt = this.projectionsOf(readModel, rebuilding);
    const answering = this.projectionsOf(readModel, active);
    return rebuilt.map((projection, index) => ({
      rebuilding: this.checkpointKey(projection),
      active: this.checkpointKey(answering[index]!),
    }));
  }

  /** Deletes the keys and checkpoints of generations replaced longer than the grace period ago. */
  private async deleteRetired(): Promise<void> {
    const now = this.options.now().getTime();
    for (const retired of await this.generations.retired()) {
      if (now - retired.retiredAt < this.options.retiredGenerationGraceMs) continue;
      const readModel = readModelNamed(retired.readModel);
      if (readModel && !this.running.has(generationKey(readModel.name, retired.generation))) {
        const projections = this.projectionsOf(readModel, retired.generation);
        await this.generations.deleteKeys(
          this.resources.keys.readModelPrefix(readModel.name, retired.generation),
          projections.map((projection) => this.checkpointKey(projection)),
        );
        this.resources.logger.info(retired, 'replaced read model generation deleted');
      }
      await this.generations.forgetRetired(retired.readModel, retired.generation);
    }
  }

  private resourcesAt(
    readModel: ReadModelName,
    generation: number,
    countAs?: string,
  ): ProjectionResources {
    return {
      ...this.resources,
      keys: this.resources.keys.atGeneration(readModel, generation),
      generation,
      ...(countAs !== undefined && {
        onApplied: (events: number) =>
          this.applied.set(countAs, (this.applied.get(countAs) ?? 0) + events),
      }),
    };
  }

  private async stop(running: RunningGeneration): Promise<void> {
    await Promise.all(running.projections.map((projection) => projection.stop()));
  }
}
