import { ENVIRONMENTS } from '@hotswap/contracts';
import { keepTrying, type GatewayApi } from '../gateway-api.js';
import type { Observed } from './deployment-outcomes.js';

export const READ_MODELS = ['deployments', 'nodes', 'audit', 'modules'] as const;

interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/**
 * What the API answers from each read model, as comparable JSON per question: every accepted
 * deployment, each environment's listing (ids and statuses, every page), each environment's nodes
 * and their modules (telemetry left out: it is not events), the audit log, the module registry.
 */
export async function readModelAnswers(
  admin: GatewayApi,
  executionIds: readonly string[],
): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  for (const id of executionIds) {
    const { status, body } = await admin.get(`/api/v1/deployments/${id}`);
    answers.set(`GET deployments/${id}`, `${status} ${JSON.stringify(body)}`);
  }
  for (const environment of ENVIRONMENTS) {
    const listed = await allPages<{ executionId: string; status: string }>(
      admin,
      `/api/v1/deployments?environment=${environment}&limit=100`,
    );
    answers.set(
      `GET deployments?environment=${environment}`,
      JSON.stringify(listed.map((d) => `${d.executionId} ${d.status}`)),
    );
    const cluster = await admin.get<{ nodes?: { nodeId: string; modules: unknown }[] }>(
      `/api/v1/clusters/${environment}`,
    );
    const nodes = (cluster.body.nodes ?? []).map((n) => ({ nodeId: n.nodeId, modules: n.modules }));
    answers.set(`GET clusters/${environment}`, `${cluster.status} ${JSON.stringify(nodes)}`);
  }
  answers.set('GET audit', JSON.stringify(await allPages(admin, '/api/v1/audit?limit=500')));
  const modules = await admin.get('/api/v1/modules');
  answers.set('GET modules', `${modules.status} ${JSON.stringify(modules.body)}`);
  return answers;
}

async function allPages<T>(api: GatewayApi, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const { status, body }: { status: number; body: Page<T> } = await api.get<Page<T>>(
      cursor === null ? path : `${path}&cursor=${cursor}`,
    );
    if (status !== 200) throw new Error(`GET ${path} answered ${status}`);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor !== null);
  return items;
}

/**
 * Rebuilds every read model from the store (POST /api/v1/projections/<name>/rebuild) and waits
 * until each rebuilt generation is the one the API answers from. Returns what went wrong.
 */
export async function rebuildReadModels(admin: GatewayApi, timeoutMs: number): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    READ_MODELS.map(async (name) => {
      const path = `/api/v1/projections/${name}/rebuild`;
      const before = await admin.get<{ generation: number }>(path);
      const asked = await admin.post(path);
      if (asked.status !== 202) {
        problems.push(`rebuild of ${name} answered ${asked.status}: ${JSON.stringify(asked.body)}`);
        return;
      }
      const deadline = Date.now() + timeoutMs;
      const { value } = await keepTrying(async () => {
        const { body } = await admin.get<{ generation: number; rebuild: unknown }>(path);
        return body.generation > before.body.generation && body.rebuild === null ? body : undefined;
      }, deadline);
      if (!value) problems.push(`rebuild of ${name} not swapped in within ${timeoutMs} ms`);
    }),
  );
  return problems;
}

/** The questions whose answers differ between two readings, with both answers (shortened). */
export function differences(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .filter((key) => before.get(key) !== after.get(key))
    .map(
      (key) =>
        `${key}: before the rebuild ${short(before.get(key))}, after ${short(after.get(key))}`,
    );
}

/** A deployment whose status in the read model is not the one its stream folds to. */
export function statusesAgainstStore(observed: readonly Observed[]): string[] {
  return observed
    .filter(({ view, stored }) => view !== undefined && stored.status !== 'none')
    .filter(({ view, stored }) => stored.status !== view!.status)
    .map(
      ({ deployment, view, stored }) =>
        `${deployment.executionId}: GET ${view!.status}, store ${stored.status}`,
    );
}

function short(text: string | undefined): string {
  if (text === undefined) return '(none)';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
