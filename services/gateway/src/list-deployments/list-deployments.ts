import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@hotswap/service-host';
import type { DeploymentDocument } from '../deployments-projection/deployment-document.js';
import { executionIdOf } from '../deployments-projection/deployment-index.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { encodeCursor, type ListQuery } from './list-query.js';

export interface DeploymentPage {
  readonly items: readonly DeploymentDocument[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

const BATCH = 100;
/** Bounds one request's work when filters match rarely: the page may then be short, with a cursor. */
const MAX_SCANNED = 1_000;

/**
 * Newest first, by keyset paging over one listing index: the smallest of the indexes the filters
 * name (one ZCARD each), the other filters checked on the documents themselves, which also keeps a
 * page right when a status changed after the index was read.
 */
@Injectable()
export class ListDeploymentsHandler {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ReadModelKeys) private readonly keys: ReadModelKeys,
  ) {}

  async handle(query: ListQuery): Promise<DeploymentPage> {
    const index = await this.narrowestIndex(query);
    const found: Array<{ member: string; document: DeploymentDocument }> = [];
    let after = query.after;
    let scanned = 0;
    let exhausted = false;
    while (found.length <= query.limit && !exhausted && scanned < MAX_SCANNED) {
      const count = Math.min(BATCH, MAX_SCANNED - scanned);
      const members = await this.redis.zrevrangebylex(
        index,
        after === undefined ? '+' : `(${after}`,
        '-',
        'LIMIT',
        0,
        count,
      );
      exhausted = members.length < count;
      if (members.length === 0) break;
      scanned += members.length;
      after = members.at(-1);
      const documents = await this.redis.mget(
        members.map((member) => this.keys.deploymentDoc(executionIdOf(member))),
      );
      documents.forEach((json, i) => {
        if (json === null) return;
        const document = JSON.parse(json) as DeploymentDocument;
        if (matches(document, query)) found.push({ member: members[i]!, document });
      });
    }
    const items = found.slice(0, query.limit);
    const last = found.length > query.limit ? items.at(-1)?.member : exhausted ? undefined : after;
    return {
      items: items.map((item) => item.document),
      nextCursor: last === undefined ? null : encodeCursor(last),
    };
  }

  private async narrowestIndex(query: ListQuery): Promise<string> {
    const candidates = [
      query.moduleName === undefined ? undefined : this.keys.deploymentsByModule(query.moduleName),
      query.status === undefined ? undefined : this.keys.deploymentsByStatus(query.status),
      query.environment === undefined
        ? undefined
        : this.keys.deploymentsByEnvironment(query.environment),
    ].filter((key) => key !== undefined);
    const [first, ...others] = candidates;
    if (first === undefined) return this.keys.deploymentsByTime();
    if (others.length === 0) return first;
    const sizes = await Promise.all(candidates.map((key) => this.redis.zcard(key)));
    return candidates[sizes.indexOf(Math.min(...sizes))]!;
  }
}

function matches(document: DeploymentDocument, query: ListQuery): boolean {
  return (
    (query.environment === undefined || document.targetEnvironment === query.environment) &&
    (query.status === undefined || document.status === query.status) &&
    (query.moduleName === undefined || document.moduleName === query.moduleName)
  );
}
