/**
 * Live event stream benchmark (issue 6): 50 clients connected to the gateway's SSE stream, 1,000
 * events appended one after another; latency from the start of each append to its arrival at each
 * client (p50/p99 over every client's receipts), beside raw JetStream publish measured in the same
 * run on the same servers, after 500 events that warm the path up. Expected: p99 <= 50 ms.
 */
import { connect, StorageType } from 'nats';
import { JetStreamEventStore, newEvent } from '@hotswap/event-store';
import { authorization, ServiceProcess, uniqueName } from '@hotswap/testing';
import {
  awaitedOneByOne,
  benchGatewayEnv,
  figuresOf,
  printFigures,
  requiredEnv,
} from './measure.js';

const CLIENTS = 50;
const EVENTS = Number(process.env['BENCH_SSE_EVENTS'] ?? 1_000);
const WARM_UP = 500;

/** One SSE client: calls `received(id, at)` for each event frame. */
async function sseClient(
  url: string,
  received: (id: string, at: number) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(url, { headers: authorization('viewer'), signal });
  if (response.status !== 200 || !response.body)
    throw new Error(`stream answered ${response.status}`);
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          if (id) received(id, performance.now());
        }
      }
    } catch {
      // Hung up at the end.
    }
  })();
}

async function main(): Promise<void> {
  const natsUrl = requiredEnv('NATS_URL');
  const nc = await connect({ servers: natsUrl });
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({
    name: 'BENCH_RAW_SSE',
    subjects: ['bench.sse.raw'],
    storage: StorageType.File,
    num_replicas: 1,
  });
  const payload = Buffer.alloc(300, 'x');
  const rawPublish = await awaitedOneByOne('raw JetStream publish, awaited', 2_000, () =>
    nc.jetstream().publish('bench.sse.raw', payload),
  );

  const name = uniqueName('sse');
  const env = benchGatewayEnv(name);
  const gateway = ServiceProcess.start('gateway', env);
  const store = await JetStreamEventStore.connect(nc, {
    streamName: env.HOTSWAP_JETSTREAM_STREAM,
    subjectPrefix: env.HOTSWAP_JETSTREAM_SUBJECT_PREFIX,
  });
  const hangUp = new AbortController();
  let ok = true;
  try {
    const url = `${await gateway.ready()}/api/v1/events/stream`;
    const sentAt = new Map<string, number>();
    const receipts: [string, number][] = [];
    const arrivals = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    for (let c = 0; c < CLIENTS; c++) {
      await sseClient(
        url,
        (id, at) => {
          receipts.push([id, at]);
          const count = (arrivals.get(id) ?? 0) + 1;
          arrivals.set(id, count);
          if (count === CLIENTS) waiting.get(id)?.();
        },
        hangUp.signal,
      );
    }
    // Every client connected and live, and the path warm (a gateway that has just started runs
    // its code unoptimised at first): WARM_UP events, not measured, then one that reaches all.
    for (let i = 0; i < WARM_UP; i++) {
      await store.append(`deployment-${name}-${i % 20}`, [
        newEvent('StageSucceeded', { i, message: 'x'.repeat(200) }),
      ]);
    }
    const warmUp = await store.append(`deployment-${name}`, [newEvent('WarmUp', {})]);
    await new Promise<void>((resolve) => {
      const id = warmUp.position.toString();
      if ((arrivals.get(id) ?? 0) === CLIENTS) resolve();
      else waiting.set(id, resolve);
    });
    const started = performance.now();
    for (let i = 0; i < EVENTS; i++) {
      const begin = performance.now();
      const stored = await store.append(`deployment-${name}-${i % 20}`, [
        newEvent('StageSucceeded', { i, message: 'x'.repeat(200) }),
      ]);
      // A client may get it before append() returns: latencies are worked out at the end.
      sentAt.set(stored.position.toString(), begin);
    }
    const deadline = Date.now() + 30_000;
    const measured = () => receipts.filter(([id]) => sentAt.has(id)).length;
    while (measured() < EVENTS * CLIENTS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const latencies = receipts.flatMap(([id, at]) => {
      const start = sentAt.get(id);
      return start === undefined ? [] : [at - start];
    });
    const sse = figuresOf(
      `append → SSE client, ${CLIENTS} clients (${EVENTS} events)`,
      latencies,
      seconds,
    );
    printFigures([rawPublish, sse]);
    const missing = EVENTS * CLIENTS - latencies.length;
    if (missing > 0) console.log(`${missing} receipts missing: events that did not reach a client`);
    const met = missing === 0 && (sse.p99 ?? Infinity) <= 50;
    console.log(
      `SSE p99 ${sse.p99?.toFixed(1)} ms (expected <= 50 ms): ${met ? 'met' : 'NOT MET'}`,
    );
    console.log(
      `SSE p50 ≈ ${((sse.p50 ?? 0) / (rawPublish.p50 ?? 1)).toFixed(1)} awaited raw JetStream publishes`,
    );
    ok = met;
  } finally {
    hangUp.abort();
    gateway.signal('SIGTERM');
    await gateway.exitWithin(10_000).catch(() => gateway.kill());
    await store.close();
    await nc.close();
  }
  if (!ok) process.exitCode = 1;
}

void main();
