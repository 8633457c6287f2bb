import type { Redis } from 'ioredis';
import { RedisScript } from '@hotswap/coordination';
import type { Environment } from '@hotswap/contracts';
import { IS_NEWER_POSITION_LUA } from '../read-model/position-guard.js';
import type { SavedDocument } from '../read-model/fold-new-events.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import type { NodeDocument } from './node-document.js';

// KEYS: the document, its position, the environment's set of node ids (or none).
// ARGV: the event's position, the document's JSON.
const SAVE = new RedisScript(`${IS_NEWER_POSITION_LUA}
if not is_newer(KEYS[2], ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
if KEYS[3] then redis.call('SADD', KEYS[3], ARGV[3]) end
return 1
`);

/** The nodes read model: each node's module versions, and the node ids of each environment. */
export class NodeDocuments {
  constructor(
    private readonly redis: Redis,
    private readonly keys: ReadModelKeys,
  ) {}

  async load(nodeId: string): Promise<NodeDocument | undefined> {
    const json = await this.redis.get(this.keys.node(nodeId));
    return json === null ? undefined : (JSON.parse(json) as NodeDocument);
  }

  /** The document and the position of the last event applied to it (both absent before the first). */
  async loadApplied(nodeId: string): Promise<SavedDocument<NodeDocument>> {
    const docKey = this.keys.node(nodeId);
    const [json, position] = await this.redis.mget(docKey, ReadModelKeys.positionOf(docKey));
    return {
      ...(json != null && { document: JSON.parse(json) as NodeDocument }),
      ...(position != null && { position: BigInt(position) }),
    };
  }

  async loadMany(nodeIds: readonly string[]): Promise<Map<string, NodeDocument>> {
    if (nodeIds.length === 0) return new Map();
    const values = await this.redis.mget(nodeIds.map((nodeId) => this.keys.node(nodeId)));
    const found = new Map<string, NodeDocument>();
    values.forEach((json, i) => {
      if (json !== null) found.set(nodeIds[i]!, JSON.parse(json) as NodeDocument);
    });
    return found;
  }

  nodeIdsIn(environment: Environment): Promise<string[]> {
    return this.redis.smembers(this.keys.nodesByEnvironment(environment));
  }

  /** Like DeploymentDocuments.save: nothing is written for a position already applied. */
  async save(document: NodeDocument, position: bigint): Promise<boolean> {
    const docKey = this.keys.node(document.nodeId);
    const keys = [docKey, ReadModelKeys.positionOf(docKey)];
    if (document.environment) keys.push(this.keys.nodesByEnvironment(document.environment));
    const written = await SAVE.run(this.redis, keys, [
      position.toString(),
      JSON.stringify(document),
      document.nodeId,
    ]);
    return written === 1;
  }
}
