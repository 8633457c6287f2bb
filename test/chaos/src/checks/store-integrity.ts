import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { NODE_CATEGORY } from '@hotswap/contracts';
import type { StoreSnapshot } from '../store-snapshot.js';

const ROOT = path.resolve(__dirname, '../../../..');

/**
 * Node installs recorded twice: two ModuleInstalled on one node stream from the same command
 * (metadata.causationId). A retried install must be recognised, however late.
 */
export function duplicateInstalls(store: StoreSnapshot): string[] {
  const duplicates: string[] = [];
  for (const [stream, events] of store.streams) {
    if (!stream.startsWith(`${NODE_CATEGORY}-`)) continue;
    const byCommand = new Map<string, bigint[]>();
    for (const event of events) {
      if (event.type !== 'ModuleInstalled') continue;
      const command = String(event.metadata.causationId ?? `event ${event.id}`);
      byCommand.set(command, [...(byCommand.get(command) ?? []), event.position]);
    }
    for (const [command, positions] of byCommand) {
      if (positions.length > 1) {
        duplicates.push(
          `${stream}: ${positions.length} ModuleInstalled from command ${command} (positions ${positions.join(', ')})`,
        );
      }
    }
  }
  return duplicates;
}

/** Event ids stored more than once, anywhere in the store (an append retried past deduplication). */
export function duplicateEvents(store: StoreSnapshot): string[] {
  const seen = new Map<string, string[]>();
  for (const event of store.events) {
    seen.set(event.id, [...(seen.get(event.id) ?? []), `${event.streamName}@${event.position}`]);
  }
  return [...seen]
    .filter(([, where]) => where.length > 1)
    .map(([id, where]) => `event ${id} stored ${where.length} times: ${where.join(', ')}`);
}

/** `hotswap verify --all` (tools/cli, built) against the services' store: ok, and what it printed. */
export function verifyAll(env: Readonly<Record<string, string>>): { ok: boolean; output: string } {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'tools/cli/dist/main.js'), 'verify', '--all'],
    { env: { PATH: process.env['PATH'] ?? '', ...env }, encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return { ok: result.status === 0, output };
}
