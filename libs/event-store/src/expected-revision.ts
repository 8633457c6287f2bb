/**
 * What the caller believes about the stream before appending (EventStoreDB semantics):
 * - `any`: no check;
 * - `no_stream`: the stream must have no events;
 * - `exists`: the stream must have at least one event;
 * - a revision: the stream's last event must have exactly this revision (0-based).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'exists' | bigint;

/** Whether a stream whose last revision is `actual` satisfies `expected`. */
export function satisfies(expected: ExpectedRevision, actual: bigint | 'no_stream'): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === 'no_stream';
    case 'exists':
      return actual !== 'no_stream';
    default:
      return actual === expected;
  }
}
