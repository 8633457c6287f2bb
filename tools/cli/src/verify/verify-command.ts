import {
  describeBreak,
  InvalidStreamName,
  parseStreamName,
  verifyAllChains,
  verifyStreamChain,
  type StreamChainReport,
} from '@hotswap/event-store';
import { CommandFailed, UsageError } from '../cli-error.js';
import { openStore, storeLocation } from '../connection.js';

export const VERIFY_USAGE = 'hotswap verify <stream> | --all [--json]';

/**
 * `hotswap verify <stream> | --all`: walks the hash chain of one stream, or of every stream in one
 * pass over the log, recomputing each event's hash (libs/event-store chain/), and reports per
 * stream the events checked and whether the chain is intact. A broken chain names its first
 * event that does not match and exits 1, so a history edited outside HotSwap is noticed.
 */
export async function verifyCommand(
  args: readonly string[],
  write: (line: string) => void,
): Promise<void> {
  const json = args.includes('--json');
  const all = args.includes('--all');
  const unknown = args.find((a) => a.startsWith('-') && a !== '--json' && a !== '--all');
  if (unknown !== undefined)
    throw new UsageError(`Unknown option ${unknown} (usage: ${VERIFY_USAGE})`);
  const [stream, extra] = args.filter((a) => !a.startsWith('-'));
  if (stream !== undefined && all) {
    throw new UsageError(`Give either <stream> or --all, not both (usage: ${VERIFY_USAGE})`);
  }
  if (stream === undefined && !all) {
    throw new UsageError(`Missing argument <stream> or --all (usage: ${VERIFY_USAGE})`);
  }
  if (extra !== undefined) {
    throw new UsageError(`Unexpected argument '${extra}' (usage: ${VERIFY_USAGE})`);
  }
  if (stream !== undefined) checkStreamName(stream);

  const connection = await openStore(storeLocation());
  let reports: StreamChainReport[];
  try {
    if (stream === undefined) {
      reports = await verifyAllChains(connection.store);
    } else {
      const report = await verifyStreamChain(connection.store, stream);
      if (report === undefined) throw new CommandFailed(`No stream ${stream} in the event store`);
      reports = [report];
    }
  } finally {
    await connection.close();
  }

  if (json) write(JSON.stringify(asJson(reports)));
  else printTable(reports, write);
  const broken = reports.filter((r) => r.firstBreak !== undefined);
  if (broken.length > 0) {
    throw new CommandFailed(
      `the hash chain of ${broken.length} stream(s) is broken; first: ${describeBreak(broken[0]!.firstBreak!)}`,
    );
  }
}

function checkStreamName(stream: string): void {
  try {
    parseStreamName(stream);
  } catch (error) {
    if (!(error instanceof InvalidStreamName)) throw error;
    throw new UsageError(
      `Argument <stream> '${stream}' is not a stream name like deployment-<id> (${error.message})`,
    );
  }
}

function printTable(reports: readonly StreamChainReport[], write: (line: string) => void): void {
  const width = Math.max('stream'.length, ...reports.map((r) => r.streamName.length));
  write(`${'stream'.padEnd(width)}  ${'events'.padStart(7)}  result`);
  for (const r of reports) {
    write(`${r.streamName.padEnd(width)}  ${String(r.events).padStart(7)}  ${result(r)}`);
  }
  for (const r of reports) if (r.firstBreak) write(describeBreak(r.firstBreak));
  const events = reports.reduce((sum, r) => sum + r.events, 0);
  const broken = reports.filter((r) => r.verdict === 'broken').length;
  write(
    `${reports.length} stream(s), ${events} event(s) checked: ${broken === 0 ? 'all intact' : `${broken} broken`}`,
  );
}

function result(r: StreamChainReport): string {
  if (r.firstBreak) return `BROKEN at revision ${r.firstBreak.revision} (${r.firstBreak.reason})`;
  if (r.verdict === 'unchained')
    return `intact after ${r.unchained} event(s) stored before the chain`;
  return 'intact';
}

/** The reports for machines: bigints as strings, one object. */
function asJson(reports: readonly StreamChainReport[]) {
  return {
    intact: reports.every((r) => r.verdict !== 'broken'),
    streams: reports.map((r) => ({
      ...r,
      ...(r.firstBreak
        ? {
            firstBreak: {
              ...r.firstBreak,
              revision: r.firstBreak.revision.toString(),
              position: r.firstBreak.position.toString(),
              description: describeBreak(r.firstBreak),
            },
          }
        : {}),
    })),
  };
}
