import type { EventStore } from '../event-store.js';
import { ChainVerifier, type StreamChainReport } from './chain-verifier.js';

/** The chain report of one stream, or undefined when the stream has no events. */
export async function verifyStreamChain(
  store: EventStore,
  streamName: string,
): Promise<StreamChainReport | undefined> {
  const verifier = new ChainVerifier();
  for (const event of await store.readStream(streamName)) verifier.check(event);
  return verifier.reports()[0];
}

/**
 * The chain reports of every stream, from one pass over the whole log in pages of `pageSize`
 * events (memory stays one page plus a little per stream), rather than one read per stream.
 */
export async function verifyAllChains(
  store: EventStore,
  pageSize = 5_000,
): Promise<StreamChainReport[]> {
  const verifier = new ChainVerifier();
  let after: bigint | undefined;
  for (;;) {
    // `from` is inclusive and positions are opaque: start at the last one seen and skip it.
    const since = after;
    const page = await store.readAll(
      since === undefined ? { maxCount: pageSize } : { from: since, maxCount: pageSize + 1 },
    );
    const fresh = since === undefined ? page : page.filter((event) => event.position > since);
    fresh.forEach((event) => verifier.check(event));
    if (fresh.length < pageSize) return verifier.reports();
    after = fresh[fresh.length - 1]!.position;
  }
}
