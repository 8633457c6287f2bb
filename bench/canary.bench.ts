/**
 * Canary benchmark (issue 4): a Production canary with zero waits to 1,000 and to 10,000 nodes,
 * the five services as processes and the node agents as several (one queue group), from the
 * StartRollout command to RolloutSucceeded in the rollout's stream; beside raw NATS request/reply
 * and JetStream publish measured in the same run on the same servers.
 */
import { connect, StorageType, type NatsConnection } from 'nats';
import { Redis } from 'ioredis';
import {
  rolloutStream,
  SUBJECTS,
  telemetrySubject,
  type Environment,
  type StartRollout,
  type StartRolloutReply,
} from '@hotswap/contracts';
import { JetStreamEventStore, type RecordedEvent } from '@hotswap/event-store';
import { sendCommand } from '@hotswap/messaging';
import { HotSwapSystem, uniqueName } from '@hotswap/testing';
import { canaryPhases, printPhases } from './canary-phases.js';
import { awaitedOneByOne, pipelined, printFigures, requiredEnv, type Figures } from './measure.js';

const SIZES = (process.env['BENCH_CANARY_NODES'] ?? '1000,10000').split(',').map(Number);
const NODE_AGENTS = Number(process.env['BENCH_NODE_AGENTS'] ?? 3);
/** The strategy-runner's HOTSWAP_NODE_OPERATIONS_IN_FLIGHT (node commands one rollout has out). */
const IN_FLIGHT = Number(process.env['BENCH_NODE_OPERATIONS_IN_FLIGHT'] ?? 100);
/** A folder for the services' CPU profiles (node --cpu-prof), written when they stop. */
const CPU_PROF_DIR = process.env['BENCH_CPU_PROF_DIR'];
const WARM_UP_NODES = 20;
const TARGET = { nodes: 10_000, seconds: 10 };
const ROLLOUT_DEADLINE_MS = 300_000;
/** How often the benchmark reads the rollout's last event while it waits (one direct get). */
const POLL_MS = 5;

interface RolloutRun {
  readonly nodes: number;
  readonly seconds: number;
  readonly events: RecordedEvent[];
  readonly sentAt: number;
  /** Messages JetStream stored during the rollout, every stream of the system. */
  readonly appends: number;
}

function verdict(label: string, ok: boolean): boolean {
  console.log(`${label}: ${ok ? 'met' : 'NOT MET'}`);
  return ok;
}

/** Resolves once `count` telemetry messages of `environment` went by (the agents' first round). */
function telemetryRound(nc: NatsConnection, environment: Environment, count: number) {
  const subscription = nc.subscribe(telemetrySubject(environment, '*'), { max: count });
  const done = (async () => {
    for await (const _ of subscription);
  })();
  return {
    async wait(timeoutMs: number): Promise<void> {
      const timer = setTimeout(() => subscription.unsubscribe(), timeoutMs);
      await done;
      clearTimeout(timer);
      if (subscription.getProcessed() < count) {
        throw new Error(
          `telemetry of ${subscription.getProcessed()} of ${count} ${environment} nodes within ${timeoutMs} ms`,
        );
      }
    },
  };
}

async function rollout(
  nc: NatsConnection,
  store: JetStreamEventStore,
  streamName: string,
  environment: Environment,
  nodes: number,
): Promise<RolloutRun> {
  const jsm = await nc.jetstreamManager();
  const stored = async () => (await jsm.streams.info(streamName)).state.messages;
  const before = await stored();
  const rolloutId = uniqueName('bench');
  const command: StartRollout = {
    commandId: uniqueName('cmd'),
    actor: 'bench@example.com',
    rolloutId,
    executionId: `exec-${rolloutId}`,
    moduleName: uniqueName('mod'),
    version: '1.0.0',
    targetEnvironment: environment,
    strategy: 'Canary',
  };
  const sentAt = Date.now();
  const start = performance.now();
  const reply = await sendCommand<StartRolloutReply>(nc, SUBJECTS.startRollout, command, {
    timeoutMs: ROLLOUT_DEADLINE_MS,
  });
  if (!reply.ok) throw new Error(`StartRollout refused: ${JSON.stringify(reply.error)}`);
  const stream = rolloutStream(rolloutId);
  for (;;) {
    const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    if (last?.type === 'RolloutSucceeded') break;
    if (last?.type === 'RolloutFailed' || last?.type === 'RolloutRolledBack') {
      throw new Error(`rollout ${rolloutId} ended ${last.type}: ${JSON.stringify(last.data)}`);
    }
    if (performance.now() - start > ROLLOUT_DEADLINE_MS) {
      throw new Error(`rollout ${rolloutId} not finished within ${ROLLOUT_DEADLINE_MS} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const events = await store.readStream(stream);
  const seconds = (events.at(-1)!.recordedAt.getTime() - sentAt) / 1000;
  return { nodes, seconds, events, sentAt, appends: (await stored()) - before };
}

/** One system with `nodes` Production nodes: a small warm-up rollout, then the timed one. */
async function canaryTo(
  nc: NatsConnection,
  servers: { natsUrl: string; redisUrl: string },
  nodes: number,
): Promise<RolloutRun> {
  // A system started after another on the same Redis would resume its checkpoints and leases.
  const redis = new Redis(servers.redisUrl);
  await redis.flushall();
  redis.disconnect();
  const telemetry = telemetryRound(nc, 'Production', nodes);
  const system = await HotSwapSystem.start(
    {
      HOTSWAP_CLUSTER_SIZES: `Development=${WARM_UP_NODES},Production=${nodes}`,
      HOTSWAP_PRODUCTION_CANARY_WAVE_WAIT_MS: '0',
      HOTSWAP_DEVELOPMENT_CANARY_WAVE_WAIT_MS: '0',
      HOTSWAP_NODE_OPERATIONS_IN_FLIGHT: String(IN_FLIGHT),
      HOTSWAP_TELEMETRY_INTERVAL_MS: '3600000',
      HOTSWAP_LOG_LEVEL: 'error',
    },
    servers,
    {
      extraInstances: { 'node-agent': NODE_AGENTS - 1 },
      ...(CPU_PROF_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] } : {}),
    },
  );
  try {
    // The agents publish every node's telemetry once at start: not while the rollout runs.
    await telemetry.wait(120_000);
    const streamName = system.env['HOTSWAP_JETSTREAM_STREAM']!;
    const store = await JetStreamEventStore.connect(nc, {
      streamName,
      subjectPrefix: system.env['HOTSWAP_JETSTREAM_SUBJECT_PREFIX']!,
    });
    await rollout(nc, store, streamName, 'Development', WARM_UP_NODES);
    return await rollout(nc, store, streamName, 'Production', nodes);
  } finally {
    await system.stop();
  }
}

function printRollouts(runs: readonly RolloutRun[]): void {
  const rows = runs.map((r) => [
    `Production canary to ${r.nodes.toLocaleString('en-US')} nodes, StartRollout → RolloutSucceeded`,
    r.nodes.toLocaleString('en-US'),
    `${r.seconds.toFixed(2)} s`,
    `${Math.round(r.nodes / r.seconds).toLocaleString('en-US')}/s`,
    `${r.events.length.toLocaleString('en-US')}`,
    `${r.appends.toLocaleString('en-US')} (${(r.appends / r.nodes).toFixed(2)}/node)`,
  ]);
  const header = ['rollout', 'nodes', 'wall', 'installs/s', 'rollout events', 'JetStream appends'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const natsUrl = requiredEnv('NATS_URL');
  const redisUrl = requiredEnv('REDIS_URL');
  console.log(
    `${NODE_AGENTS} node-agent processes, HOTSWAP_NODE_OPERATIONS_IN_FLIGHT=${IN_FLIGHT}, canary waves 10,30,50,100 % without waits`,
  );

  // Raw infrastructure, same servers, same run.
  const nc = await connect({ servers: natsUrl });
  const echo = nc.subscribe('bench.echo', { queue: 'bench' });
  void (async () => {
    for await (const m of echo) m.respond(m.data);
  })();
  const payload = Buffer.alloc(200, 'x');
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({
    name: 'BENCH_RAW_CANARY',
    subjects: ['bench.canary.raw'],
    storage: StorageType.File,
    num_replicas: 1,
  });
  const js = nc.jetstream();
  const raw: Figures[] = [
    await awaitedOneByOne('raw NATS request/reply, awaited', 2_000, () =>
      nc.request('bench.echo', payload),
    ),
    await pipelined(`raw NATS request/reply, ${IN_FLIGHT} in flight`, 20_000, IN_FLIGHT, () =>
      nc.request('bench.echo', payload),
    ),
    await awaitedOneByOne('raw JetStream publish, awaited', 2_000, () =>
      js.publish('bench.canary.raw', payload),
    ),
    await pipelined(`raw JetStream publish, ${IN_FLIGHT} in flight`, 20_000, IN_FLIGHT, () =>
      js.publish('bench.canary.raw', payload),
    ),
  ];

  const runs: RolloutRun[] = [];
  let failed = false;
  try {
    for (const nodes of SIZES) {
      console.log(`\nProduction canary to ${nodes.toLocaleString('en-US')} nodes:`);
      try {
        const run = await canaryTo(nc, { natsUrl, redisUrl }, nodes);
        runs.push(run);
        printPhases(canaryPhases(run.events, run.sentAt));
      } catch (error) {
        failed = true;
        console.log(`  FAILED: ${reason(error)}`);
      }
    }
  } finally {
    await nc.close();
  }
  console.log('');
  printFigures(raw);
  printRollouts(runs);
  const [request, , publish] = raw;
  for (const run of runs) {
    const perNode = (run.seconds * 1000) / run.nodes;
    console.log(
      `${run.nodes.toLocaleString('en-US')} nodes: ${perNode.toFixed(2)} ms of wall time per node ≈ ${(perNode / request!.p50!).toFixed(1)} raw request/replies or ${(perNode / publish!.p50!).toFixed(1)} awaited JetStream publishes (p50)`,
    );
  }
  const target = runs.find((r) => r.nodes === TARGET.nodes);
  const label = `${TARGET.nodes.toLocaleString('en-US')} nodes in ${target ? target.seconds.toFixed(2) : '(no run)'} s (expected <= ${TARGET.seconds} s)`;
  const met = SIZES.includes(TARGET.nodes)
    ? verdict(label, target !== undefined && target.seconds <= TARGET.seconds)
    : true;
  if (failed || !met) process.exitCode = 1;
}

/** An error in one line: a service that would not start is told by its fatal log line. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const fatal = message
    .split('\n')
    .filter((line) => line.startsWith('{"level":"fatal"'))
    .map((line) => (JSON.parse(line) as { msg?: string }).msg)[0];
  return fatal === undefined ? message.split('\n')[0]! : `${message.split('\n')[0]!} ${fatal}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
