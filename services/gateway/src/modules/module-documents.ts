import type { Redis } from 'ioredis';
import type { ModuleView } from '@hotswap/contracts';
import type { ReadModelKeys } from '../read-model/read-model-keys.js';

/** The modules read model: one hash, `<name>@<version>` → the version's ModuleView as JSON. */
export class ModuleDocuments {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async save(module: ModuleView): Promise<void> {
    await this.redis.hset(
      this.keys.modules(),
      `${module.moduleName}@${module.version}`,
      JSON.stringify(module),
    );
  }

  async get(moduleName: string, version: string): Promise<ModuleView | undefined> {
    const json = await this.redis.hget(this.keys.modules(), `${moduleName}@${version}`);
    return json === null ? undefined : (JSON.parse(json) as ModuleView);
  }

  /** Every registered version (of one module when named), newest registration first. */
  async list(moduleName?: string): Promise<ModuleView[]> {
    const all = Object.values(await this.redis.hgetall(this.keys.modules())).map(
      (json) => JSON.parse(json) as ModuleView,
    );
    return all
      .filter((module) => moduleName === undefined || module.moduleName === moduleName)
      .sort((a, b) => b.registeredAt.localeCompare(a.registeredAt));
  }
}
