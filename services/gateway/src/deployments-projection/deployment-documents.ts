import type { Redis } from 'ioredis';
import { RedisScript } from '@hotswap/coordination';
import { IS_NEWER_POSITION_LUA } from '../read-model/position-guard.js';
import type { SavedDocument } from '../read-model/fold-new-events.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { DEPLOYMENT_STATUSES, type DeploymentDocument } from './deployment-document.js';
import { indexMember } from './deployment-index.js';

// KEYS: document, its position, by-time, by-environment, by-module, then one set per status.
// ARGV: the event's position, the document's JSON, its index member, the (1-based) place of its
// status among the status sets. One script, so the document and its index entries move together.
const SAVE = new RedisScript(`${IS_NEWER_POSITION_LUA}
if not is_newer(KEYS[2], ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
local member = ARGV[3]
for i = 3, 5 do redis.call('ZADD', KEYS[i], 0, member) end
local status = 5 + tonumber(ARGV[4])
for i = 6, #KEYS do
  if i == status then redis.call('ZADD', KEYS[i], 0, member) else redis.call('ZREM', KEYS[i], member) end
end
return 1
`);

/** The deployments read model in Redis: one JSON document per deployment plus its listing indexes. */
export class DeploymentDocuments {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async load(executionId: string): Promise<DeploymentDocument | undefined> {
    const json = await this.loadJson(executionId);
    return json === undefined ? undefined : (JSON.parse(json) as DeploymentDocument);
  }

  /** The document and the position of the last event applied to it (both absent before the first). */
  async loadApplied(executionId: string): Promise<SavedDocument<DeploymentDocument>> {
    const docKey = this.keys.deploymentDoc(executionId);
    const [json, position] = await this.redis.mget(docKey, ReadModelKeys.positionOf(docKey));
    return {
      ...(json != null && { document: JSON.parse(json) as DeploymentDocument }),
      ...(position != null && { position: BigInt(position) }),
    };
  }

  /** The document as stored: JSON text, for an answer that sends it as it is. */
  async loadJson(executionId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.deploymentDoc(executionId))) ?? undefined;
  }

  /**
   * Stores the document as of the event at `position`, unless an event at this position or later
   * was applied already (a redelivery): then nothing is written and it returns false.
   */
  async save(document: DeploymentDocument, position: bigint): Promise<boolean> {
    const docKey = this.keys.deploymentDoc(document.executionId);
    const keys = [
      docKey,
      ReadModelKeys.positionOf(docKey),
      this.keys.deploymentsByTime(),
      this.keys.deploymentsByEnvironment(document.targetEnvironment),
      this.keys.deploymentsByModule(document.moduleName),
      ...DEPLOYMENT_STATUSES.map((status) => this.keys.deploymentsByStatus(status)),
    ];
    const statusPlace = DEPLOYMENT_STATUSES.indexOf(document.status) + 1;
    const written = await SAVE.run(this.redis, keys, [
      position.toString(),
      JSON.stringify(document),
      indexMember(document),
      String(statusPlace),
    ]);
    return written === 1;
  }
}
