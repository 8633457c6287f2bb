import type { JetStreamManager, StoredMsg } from 'nats';

/**
 * JetStream's direct get (one request, answered at once, 404 when nothing matches). nats.js 2.29
 * implements it on its JetStreamManager as `direct` but leaves it out of the exported interface,
 * so this names the part we use and checks it is there.
 */
export interface DirectGet {
  getMessage(stream: string, query: { last_by_subj: string } | { seq: number }): Promise<StoredMsg>;
}

export function directGet(jsm: JetStreamManager): DirectGet {
  const direct = (jsm as JetStreamManager & { direct?: DirectGet }).direct;
  if (!direct || typeof direct.getMessage !== 'function') {
    throw new Error(
      'This nats.js version has no direct get API (jsm.direct); HotSwap needs nats 2.29.x',
    );
  }
  return direct;
}
