/**
 * Global positions of the JetStream adapter. One append is one JetStream message, so the events of
 * an append share a stream sequence; the position packs the sequence and the event's index in the
 * append (`seq * 1024 + index`) to stay unique and ordered per event. MAX_EVENTS_PER_APPEND (1000)
 * keeps the index below 1024. See docs/adr/0002-event-store-port.md.
 */
const SLOTS_PER_MESSAGE = 1024n;

export function toPosition(sequence: number, index: number): bigint {
  return BigInt(sequence) * SLOTS_PER_MESSAGE + BigInt(index);
}

export function fromPosition(position: bigint): {
  readonly sequence: number;
  readonly index: number;
} {
  return {
    sequence: Number(position / SLOTS_PER_MESSAGE),
    index: Number(position % SLOTS_PER_MESSAGE),
  };
}
