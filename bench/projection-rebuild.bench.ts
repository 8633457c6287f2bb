/**
 * Projection rebuild benchmark (issue 6): 100,000 deployment events (deployments of 13 events
 * each, appended interleaved as deployments running side by side record them), then
 * `POST /api/v1/projections/deployments/rebuild` on a gateway process, timed until the new
 * generation is swapped in; beside the raw speed of reading the same events from JetStream (an
 * ordered consumer, no handling) in the same run. Expected: >= 10,000 events/s.
 */
import { connect, type NatsConnection } from 'nats';
import { deploymentStream } from '@hotswap/contracts';
import { JetStreamEventStore, newEvent } from '@hotswap/event-store';
import { authorization, completedRun, ServiceProcess, uniqueName } from '@hotswap/testing';
import {
  benchGatewayEnv,
  pipelined,
  printFigures,
  printRatio,
  requiredEnv,
  type Figures,
} from './measure.js';

const EVENTS = Number(process.env['BENCH_REBUILD_EVENTS'] ?? 100_000);
/** Deployments recording their events side by side: their events interleave in the log. */
const SIDE_BY_SIDE = 500;

async function main(): Promise<void> {
  const natsUrl = requiredEnv('NATS_URL');
  const nc = await connect({ servers: natsUrl });
  const name = uniqueName('rebuild');
  const env = benchGatewayEnv(name);
  const store = await JetStreamEventStore.connect(nc, {
    streamName: env.HOTSWAP_JETSTREAM_STREAM,
    subjectPrefix: env.HOTSWAP_JETSTREAM_SUBJECT_PREFIX,
  });
  const appended = await recordHistory(store, name);
  console.log(
    `recorded ${appended.count.toLocaleString('en-US')} events in ${appended.seconds.toFixed(1)} s`,
  );
  const raw = await rawRead(nc, env.HOTSWAP_JETSTREAM_STREAM, appended.count);

  const gateway = ServiceProcess.start('gateway', env);
  let ok = false;
  try {
    const url = await gateway.ready(60_000);
    const call = async <T>(method: string, path: string): Promise<T> => {
      const response = await fetch(`${url}/api/v1/projections/deployments${path}`, {
        method,
        headers: authorization('admin'),
      });
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
      return (await response.json()) as T;
    };
    // The live projection first: the rebuild then runs beside a caught-up one, as in production.
    type Status = { projections: { lag: number; checkpoint: string | null }[] };
    while ((await call<Status>('GET', '')).projections[0]?.lag !== 0) await sleep(200);

    const started = performance.now();
    const asked = await call<{ rebuild: { generation: number } | null; generation: number }>(
      'POST',
      '/rebuild',
    );
    const generation = asked.rebuild?.generation ?? asked.generation;
    while ((await call<{ generation: number }>('GET', '/rebuild')).generation !== generation) {
      await sleep(20);
    }
    const seconds = (performance.now() - started) / 1000;
    const rebuild: Figures = {
      name: `rebuild of the deployments read model (${appended.count.toLocaleString('en-US')} events, swapped in)`,
      count: appended.count,
      seconds,
      perSecond: appended.count / seconds,
    };
    printFigures([appended, raw, rebuild]);
    printRatio('rebuild / raw JetStream read', rebuild, raw);
    ok = rebuild.perSecond >= 10_000;
    console.log(
      `rebuild ${Math.round(rebuild.perSecond).toLocaleString('en-US')} events/s (expected >= 10,000 events/s): ${ok ? 'met' : 'NOT MET'}`,
    );
  } finally {
    gateway.signal('SIGTERM');
    await gateway.exitWithin(10_000).catch(() => gateway.kill());
    await store.close();
    await nc.close();
  }
  if (!ok) process.exitCode = 1;
}

/** Deployments in groups of SIDE_BY_SIDE, each group's events appended step by step. */
async function recordHistory(store: JetStreamEventStore, name: string): Promise<Figures> {
  const perDeployment = completedRun({ executionId: name }).length;
  const histories = Array.from({ length: Math.ceil(EVENTS / perDeployment) }, (_, i) => {
    const executionId = `${name}-${i}`;
    return { stream: deploymentStream(executionId), events: completedRun({ executionId }) };
  });
  const started = performance.now();
  for (let group = 0; group < histories.length; group += SIDE_BY_SIDE) {
    const running = histories.slice(group, group + SIDE_BY_SIDE);
    for (let step = 0; step < perDeployment; step++) {
      await pipelined('append', running.length, 100, (i) => {
        const { stream, events } = running[i]!;
        const { type, data } = events[step]!;
        return store.append(stream, [newEvent(type, data)]);
      });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const count = histories.length * perDeployment;
  return {
    name: 'append, 100 in flight (recording the history)',
    count,
    seconds,
    perSecond: count / seconds,
  };
}

/** Every message of the stream through an ordered consumer, nothing done with them. */
async function rawRead(nc: NatsConnection, stream: string, expected: number): Promise<Figures> {
  const consumer = await nc.jetstream().consumers.get(stream);
  const started = performance.now();
  const messages = await consumer.consume();
  let count = 0;
  for await (const message of messages) {
    count++;
    if (message.info.pending === 0 || count >= expected) break;
  }
  await messages.close();
  const seconds = (performance.now() - started) / 1000;
  return {
    name: 'raw JetStream read (ordered consumer)',
    count,
    seconds,
    perSecond: count / seconds,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

void main();
