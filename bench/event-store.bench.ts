/**
 * Event store benchmark (issue 2): the JetStream adapter against raw JetStream on the same
 * nats-server, in one run. Raw publishes go to a stream configured like the adapter's (file
 * storage, one replica), 200-byte payloads; adapter appends carry one event of similar size.
 */
import { randomUUID } from 'node:crypto';
import { connect, StorageType } from 'nats';
import { JetStreamEventStore, newEvent } from '@hotswap/event-store';
import {
  awaitedInTurns,
  awaitedOneByOne,
  pipelined,
  printFigures,
  printRatio,
  requiredEnv,
  type Figures,
} from './measure.js';

const AWAITED = Number(process.env['BENCH_AWAITED'] ?? 5_000);
const PIPELINED = Number(process.env['BENCH_PIPELINED'] ?? 50_000);
const IN_FLIGHT = 256;
const STORED_EVENTS = Number(process.env['BENCH_STORED_EVENTS'] ?? 100_000);
const READS = Number(process.env['BENCH_READS'] ?? 1_000);

async function main(): Promise<void> {
  const nc = await connect({ servers: requiredEnv('NATS_URL') });
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  await jsm.streams.add({
    name: 'BENCH_RAW',
    subjects: ['bench.raw.>'],
    storage: StorageType.File,
    num_replicas: 1,
  });
  const store = await JetStreamEventStore.connect(nc, {
    streamName: 'BENCH_EVENTS',
    subjectPrefix: 'bench.es',
  });

  const payload = Buffer.alloc(200, 'x');
  const data = {
    moduleName: 'payment-processor',
    version: '2.1.0',
    node: 'prod-node-01',
    note: 'x'.repeat(60),
  };
  const warmUp = async () => {
    for (let i = 0; i < 500; i++) await js.publish('bench.raw.warm', payload);
    for (let i = 0; i < 500; i++) await store.append(`warm-${i}`, [newEvent('Warmed', data)]);
  };
  await warmUp();

  // Raw publishes and appends take turns (rounds of 250) so drift falls on both alike.
  const stream = `deployment-${randomUUID()}`;
  let revision: bigint | 'no_stream' = 'no_stream';
  const [rawAwaited, appendAwaited] = await awaitedInTurns(
    AWAITED,
    250,
    { name: 'raw publish, awaited', run: () => js.publish('bench.raw.one', payload) },
    {
      name: 'append 1 event, awaited',
      run: async () => {
        const event = newEvent('StageSucceeded', data);
        revision = (await store.append(stream, [event], { expectedRevision: revision }))
          .nextRevision;
      },
    },
  );

  const rawPipelined = await pipelined(
    `raw publish, ${IN_FLIGHT} in flight`,
    PIPELINED,
    IN_FLIGHT,
    (i) => js.publish(`bench.raw.p${i % 1000}`, payload),
  );
  const run = randomUUID().slice(0, 8);
  const appendPipelined = await pipelined(
    `append, ${IN_FLIGHT} in flight, distinct streams`,
    PIPELINED,
    IN_FLIGHT,
    (i) =>
      store.append(`rollout-${run}-${i}`, [newEvent('RolloutStarted', data)], {
        expectedRevision: 'no_stream',
      }),
  );

  // 100,000 stored events: 5,000 streams of 20 events, one append per event, interleaved.
  const streams = STORED_EVENTS / 20;
  const fill = randomUUID().slice(0, 8);
  await pipelined('fill', STORED_EVENTS, IN_FLIGHT, (i) =>
    store.append(`node-${fill}-${i % streams}`, [newEvent('ModuleInstalled', data)]),
  );
  const readForward = await awaitedOneByOne(
    `read a 20-event stream of ${STORED_EVENTS.toLocaleString('en-US')}`,
    READS,
    async (i) => {
      const events = await store.readStream(`node-${fill}-${(i * 7919) % streams}`);
      if (events.length !== 20) throw new Error(`expected 20 events, read ${events.length}`);
    },
  );
  const readLast = await awaitedOneByOne(
    'read the last event of a stream (backwards, 1)',
    READS,
    async (i) => {
      const events = await store.readStream(`node-${fill}-${(i * 7919) % streams}`, {
        direction: 'backwards',
        maxCount: 1,
      });
      if (events.length !== 1) throw new Error('expected 1 event');
    },
  );

  const figures: Figures[] = [
    rawAwaited,
    appendAwaited,
    rawPipelined,
    appendPipelined,
    readForward,
    readLast,
  ];
  printFigures(figures);
  const ok = [
    printRatio('awaited append / raw awaited publish', appendAwaited, rawAwaited, 0.7),
    printRatio('pipelined append / raw pipelined publish', appendPipelined, rawPipelined, 0.6),
  ].every(Boolean);

  await store.close();
  await nc.close();
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
