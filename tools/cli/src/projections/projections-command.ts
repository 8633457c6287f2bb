import { CommandFailed, UsageError } from '../cli-error.js';
import { GatewayClient, GatewayRefused, type GatewayDependencies } from '../gateway-client.js';
import { parseCommandLine } from '../modules/command-line.js';
import { formatTable } from '../table.js';

export const PROJECTIONS_USAGE =
  'hotswap projections list | status [<name>] | rebuild <name> [--no-wait] [--json] [--gateway <url>]   (Admin token in HOTSWAP_TOKEN)';

/** As GET /api/v1/projections answers (services/gateway/src/projections/projection-status.ts). */
interface ProjectionStatus {
  readonly subscriber: string;
  readonly category: string;
  readonly checkpoint: string | null;
  readonly lag: number;
  readonly lagAtLeast: boolean;
}

interface RebuildStatus {
  readonly generation: number;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly progress: number;
  readonly eventsApplied: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
}

interface ReadModelStatus {
  readonly name: string;
  readonly generation: number;
  readonly projections: readonly ProjectionStatus[];
  readonly rebuild: RebuildStatus | null;
}

interface RebuildProgress {
  readonly generation: number;
  readonly rebuild: RebuildStatus | null;
}

export interface ProjectionsDependencies extends GatewayDependencies {
  readonly sleep: (ms: number) => Promise<void>;
  /** Shows a rebuild's progress as it goes: one line, redrawn on a terminal. */
  readonly progress: (line: string) => void;
  readonly pollMs: number;
  readonly now: () => number;
}

const defaultDependencies: ProjectionsDependencies = {
  env: process.env,
  fetch,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  progress: terminalProgress(),
  pollMs: 500,
  now: () => Date.now(),
};

/**
 * `hotswap projections`: the gateway's read models and their projections (as an Admin).
 * - `list`: each read model's generation, state (live, or rebuilding with its progress), lag;
 * - `status [<name>]`: each projection's checkpoint and lag;
 * - `rebuild <name>`: projects the whole history again into a new generation while the API
 *   answers from the old one, showing the progress until the new one is swapped in
 *   (`--no-wait`: asks and returns).
 */
export async function projectionsCommand(
  args: readonly string[],
  write: (line: string) => void,
  dependencies: ProjectionsDependencies = defaultDependencies,
): Promise<void> {
  const flags = new Set<string>(args.filter((arg) => arg === '--json' || arg === '--no-wait'));
  const { positional, options } = parseCommandLine(
    args.filter((arg) => !flags.has(arg)),
    ['--gateway'],
    PROJECTIONS_USAGE,
  );
  const [action, name, extra] = positional;
  const json = flags.has('--json');
  if (extra !== undefined) {
    throw new UsageError(`Unexpected argument '${extra}' (usage: ${PROJECTIONS_USAGE})`);
  }
  if (flags.has('--no-wait') && action !== 'rebuild') {
    throw new UsageError(`Option --no-wait is for rebuild only (usage: ${PROJECTIONS_USAGE})`);
  }
  const client = () => GatewayClient.from(options.get('--gateway'), dependencies);
  switch (action) {
    case 'list': {
      if (name !== undefined) {
        throw new UsageError(`Unexpected argument '${name}' (usage: ${PROJECTIONS_USAGE})`);
      }
      const { items } = await client().call<{ items: ReadModelStatus[] }>(
        'GET',
        '/api/v1/projections',
      );
      if (json) return write(JSON.stringify(items, null, 2));
      formatTable(
        ['read model', 'generation', 'state', 'lag'],
        items.map((item) => [
          item.name,
          String(item.generation),
          item.rebuild
            ? `rebuilding into ${item.rebuild.generation} (${percent(item.rebuild.progress)})`
            : 'live',
          totalLag(item.projections),
        ]),
      ).forEach((line) => write(line));
      return;
    }
    case 'status': {
      const items = name
        ? [await client().call<ReadModelStatus>('GET', `/api/v1/projections/${encode(name)}`)]
        : (await client().call<{ items: ReadModelStatus[] }>('GET', '/api/v1/projections')).items;
      if (json) return write(JSON.stringify(name ? items[0] : items, null, 2));
      formatTable(
        ['read model', 'generation', 'projection', 'checkpoint', 'lag'],
        items.flatMap((item) =>
          item.projections.map((projection) => [
            item.name,
            String(item.generation),
            projection.subscriber,
            projection.checkpoint ?? '(none)',
            lagText(projection.lag, projection.lagAtLeast),
          ]),
        ),
      ).forEach((line) => write(line));
      for (const item of items.filter((candidate) => candidate.rebuild)) {
        write(`${item.name}: ${rebuildLine(item.rebuild!)}`);
      }
      return;
    }
    case 'rebuild': {
      if (name === undefined) {
        throw new UsageError(`Missing argument <name> (usage: ${PROJECTIONS_USAGE})`);
      }
      await rebuild(client(), name, { json, wait: !flags.has('--no-wait') }, write, dependencies);
      return;
    }
    case undefined:
      throw new UsageError(`Missing list, status or rebuild (usage: ${PROJECTIONS_USAGE})`);
    default:
      throw new UsageError(
        `Unknown action '${action}': list, status or rebuild (usage: ${PROJECTIONS_USAGE})`,
      );
  }
}

async function rebuild(
  client: GatewayClient,
  name: string,
  { json, wait }: { json: boolean; wait: boolean },
  write: (line: string) => void,
  dependencies: ProjectionsDependencies,
): Promise<void> {
  const started = dependencies.now();
  const path = `/api/v1/projections/${encode(name)}/rebuild`;
  let asked: RebuildProgress;
  let alreadyInProgress = false;
  try {
    asked = await client.call<RebuildProgress>('POST', path);
  } catch (error) {
    // One rebuild at a time: follow the one in progress (asked by someone else, or by this
    // command before it was interrupted) rather than fail.
    if (!(error instanceof GatewayRefused && error.status === 409)) throw error;
    asked = await client.call<RebuildProgress>('GET', path);
    alreadyInProgress = true;
    if (!json) write(`${error.message.replace(/^409: /, '')}: following it`);
  }
  // An empty history is rebuilt, and swapped in, before the answer.
  const generation = asked.rebuild?.generation ?? asked.generation;
  if (!wait) {
    if (json) return write(JSON.stringify({ name, alreadyInProgress, ...asked }, null, 2));
    return write(
      `Rebuilding ${name} into generation ${generation}; follow it with: hotswap projections status ${name}`,
    );
  }
  let last = asked;
  while (last.generation !== generation) {
    if (!last.rebuild || last.rebuild.generation !== generation) {
      throw new CommandFailed(
        `The rebuild of ${name} into generation ${generation} is no longer in progress, and generation ${last.generation} answers`,
      );
    }
    dependencies.progress(rebuildLine(last.rebuild));
    await dependencies.sleep(dependencies.pollMs);
    last = await client.call<RebuildProgress>('GET', path);
  }
  const seconds = Number(((dependencies.now() - started) / 1000).toFixed(1));
  dependencies.progress('');
  if (json) return write(JSON.stringify({ name, generation, seconds, alreadyInProgress }, null, 2));
  write(`Generation ${generation} of ${name} rebuilt and swapped in after ${seconds} s`);
}

function rebuildLine(rebuild: RebuildStatus): string {
  const width = 30;
  const done = Math.round(rebuild.progress * width);
  const eta = rebuild.etaSeconds === null ? '?' : `${rebuild.etaSeconds} s`;
  return `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${percent(rebuild.progress)}  ${rebuild.eventsApplied.toLocaleString('en-US')} events  ${rebuild.eventsPerSecond.toLocaleString('en-US')} events/s  ETA ${eta}  (generation ${rebuild.generation}, asked by ${rebuild.requestedBy})`;
}

function percent(fraction: number): string {
  return `${Math.floor(fraction * 100)}%`;
}

function totalLag(projections: readonly ProjectionStatus[]): string {
  const lag = projections.reduce((sum, projection) => sum + projection.lag, 0);
  return lagText(
    lag,
    projections.some((projection) => projection.lagAtLeast),
  );
}

function lagText(lag: number, atLeast: boolean): string {
  return `${atLeast ? '≥ ' : ''}${lag}`;
}

function encode(name: string): string {
  return encodeURIComponent(name);
}

/** On a terminal, the line redrawn in place on stderr; elsewhere, nothing (stdout has the result). */
function terminalProgress(): (line: string) => void {
  return (line) => {
    if (!process.stderr.isTTY) return;
    process.stderr.write(`\r\x1b[2K${line}`);
  };
}
