import { Controller, Get, HttpCode, HttpException, Inject, Param, Post } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { EventStore } from '@hotswap/event-store';
import { REDIS } from '@hotswap/service-host';
import { Allow, CallerOf, type Caller } from '../authentication/access.js';
import { GatewayOptions } from '../gateway-options.js';
import { conflict, notFound } from '../http/api-errors.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { ProjectionGenerations } from './projection-generations.js';
import {
  readModelStatus,
  rebuildProgress,
  type ReadModelStatus,
  type StatusSources,
} from './projection-status.js';
import { ProjectionSupervisor } from './projection-supervisor.js';
import { READ_MODELS, readModelNamed, type ReadModel } from './read-models.js';

/**
 * The read models' projections (Admin): `GET /api/v1/projections` lists them with each
 * projection's checkpoint and lag; `POST /api/v1/projections/{name}/rebuild` projects the whole
 * history again into a new generation beside the one answering, which the API keeps using until
 * the new one has caught up and is swapped in (ProjectionSupervisor); `GET …/rebuild` is its
 * progress.
 */
@Controller('api/v1/projections')
export class ProjectionsController {
  private readonly sources: StatusSources;

  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(REDIS) redis: Redis,
    @Inject(ReadModelKeys) keys: ReadModelKeys,
    @Inject(ProjectionSupervisor) private readonly supervisor: ProjectionSupervisor,
    @Inject(GatewayOptions) options: GatewayOptions,
  ) {
    this.sources = {
      store,
      redis,
      supervisor,
      generations: new ProjectionGenerations(redis, keys),
      now: options.now,
    };
  }

  @Get()
  @Allow('Admin')
  async list(): Promise<{ endPosition: string; items: ReadModelStatus[] }> {
    const [endPosition, state] = await Promise.all([
      this.store.endPosition(),
      this.sources.generations.load(),
    ]);
    const items = await Promise.all(
      READ_MODELS.map((readModel) => readModelStatus(readModel, state, this.sources)),
    );
    return { endPosition: endPosition.toString(), items };
  }

  @Get(':name')
  @Allow('Admin')
  async get(@Param('name') name: string): Promise<ReadModelStatus> {
    const readModel = this.readModel(name);
    return readModelStatus(readModel, await this.sources.generations.load(), this.sources);
  }

  /** 202 with the rebuild's progress; 409 when one is in progress already. */
  @Post(':name/rebuild')
  @Allow('Admin')
  @HttpCode(202)
  async rebuild(@CallerOf() caller: Caller, @Param('name') name: string) {
    const readModel = this.readModel(name);
    const { started, request } = await this.sources.generations.requestRebuild(
      readModel.name,
      caller.username,
      this.sources.now(),
      await this.store.endPosition(),
    );
    if (!started) {
      throw conflict(
        `A rebuild of '${readModel.name}' (generation ${request.generation}, asked by ${request.requestedBy} at ${request.requestedAt}) is in progress`,
      );
    }
    // This instance starts projecting at once; the others see it at their next tick.
    await this.supervisor.wake();
    return rebuildProgress(readModel, this.sources);
  }

  @Get(':name/rebuild')
  @Allow('Admin')
  async progress(@Param('name') name: string) {
    return rebuildProgress(this.readModel(name), this.sources);
  }

  private readModel(name: string): ReadModel {
    const readModel = readModelNamed(name);
    if (!readModel) throw unknownReadModel(name);
    return readModel;
  }
}

function unknownReadModel(name: string): HttpException {
  return notFound(
    `No read model '${name}': there are ${READ_MODELS.map((readModel) => readModel.name).join(', ')}`,
  );
}
