import type {
  BeforeApplicationShutdown,
  FactoryProvider,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { LeasedProjection, ProjectionResources } from './leased-projection.js';
import { PROJECTION_RESOURCES } from './projection-resources.js';

/** Runs a projection while the application runs: it competes for its lease once Nest is up. */
export class ProjectionRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(readonly projection: LeasedProjection) {}

  onApplicationBootstrap(): void {
    this.projection.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.projection.stop();
  }
}

/**
 * A provider that runs the projection `make` builds, e.g. `runProjection(deploymentsProjection)`.
 * Nest calls the runner's lifecycle hooks like any provider's.
 */
export function runProjection(
  make: (resources: ProjectionResources) => LeasedProjection,
  name: string = make.name,
): FactoryProvider<ProjectionRunner> {
  return {
    provide: Symbol(`projection:${name}`),
    inject: [PROJECTION_RESOURCES],
    useFactory: (resources: ProjectionResources) => new ProjectionRunner(make(resources)),
  };
}
