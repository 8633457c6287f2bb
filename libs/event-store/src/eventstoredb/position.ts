import { START, type Position, type ReadPosition } from '@eventstore/db-client';

/**
 * Port positions (`RecordedEvent.position`) are EventStoreDB commit positions.
 *
 * Why the commit position alone is enough: every gRPC append writes one prepare record per event,
 * each flagged `IsCommitted` (an implicit transaction, no separate commit record), and `$all`
 * reports such an event at `{ commit: its own log position, prepare: its own log position }`
 * (EventStoreDB's AllReader, 20.x to 24.x). So events of one append do NOT share a commit position:
 * the commit position is unique per event and increases in `$all` order, and `{ commit: p,
 * prepare: p }` rebuilds the exact `$all` position of the event at `p`. The append answer carries
 * the log position of the append's last prepare record (its TransactionEnd), which is the commit
 * position `$all` reports for the last event, as the port requires.
 *
 * Commit and prepare positions differ only for events written through the legacy TCP API's
 * explicit transactions (TransactionStart/Write/Commit), which HotSwap never uses and which share
 * one commit position per transaction; such events are not supported by this adapter.
 */
export function fromEventStoreDBPosition(position: Position | undefined): bigint | undefined {
  if (position === undefined) return undefined;
  const { commit } = position;
  // Servers before 22.6 report no position on stream reads: the client then shows 0 (an unset
  // protobuf field) or 2^64 - 1 (.NET's "no position"). No event is stored at either.
  if (commit <= 0n || commit >= UNKNOWN_POSITION) return undefined;
  return commit;
}

const UNKNOWN_POSITION = 2n ** 64n - 1n;

/** The `$all` position of the event whose port position is `position` (see above). */
export function toEventStoreDBPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** Where a forwards `$all` read or subscription starts: the given port position, or the beginning. */
export function readPositionFrom(position: bigint | undefined): ReadPosition {
  return position === undefined || position <= 0n ? START : toEventStoreDBPosition(position);
}

/** Thrown when the server cannot say where an event is in `$all` (servers before 22.6). */
export class PositionUnavailable extends Error {
  constructor(streamName: string, revision: bigint) {
    super(
      `EventStoreDB did not report the $all position of event ${revision} of stream '${streamName}'; ` +
        'HotSwap needs EventStoreDB 22.10 or later, which reports positions on stream reads',
    );
    this.name = 'PositionUnavailable';
  }
}

/** The port position of an event read from EventStoreDB; fails loudly rather than invent one. */
export function requirePosition(recorded: {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position?: Position;
}): bigint {
  const position = fromEventStoreDBPosition(recorded.position);
  if (position === undefined) throw new PositionUnavailable(recorded.streamId, recorded.revision);
  return position;
}
