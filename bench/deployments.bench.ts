/**
 * End-to-end benchmark (issue 3): Development deployments with zero stage durations through the
 * five services as processes, from POST to `Completed` visible through GET, beside raw NATS
 * request/reply and JetStream publish measured in the same run on the same servers.
 */
import { connect, StorageType } from 'nats';
import { authorization, HotSwapSystem } from '@hotswap/testing';
import { awaitedOneByOne, pipelined, printFigures, requiredEnv, type Figures } from './measure.js';

const SEQUENTIAL = Number(process.env['BENCH_DEPLOYMENTS'] ?? 200);
const CLIENTS = 50;
const CONCURRENT = Number(process.env['BENCH_CONCURRENT_DEPLOYMENTS'] ?? 500);
/** How often a client asks GET whether its deployment is done: while one, and with 50 clients. */
const POLL_MS = { sequential: 2, concurrent: 50 };

/** A Deployer's token, as a client that logged in sends with every request. */
const AS_DEPLOYER = authorization('deployer');

async function deploy(
  gateway: string,
  moduleName: string,
  version: string,
  pollMs: number,
): Promise<void> {
  const response = await fetch(`${gateway}/api/v1/deployments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AS_DEPLOYER },
    body: JSON.stringify({
      moduleName,
      version,
      targetEnvironment: 'Development',
      requesterEmail: 'bench@example.com',
    }),
  });
  if (response.status !== 202)
    throw new Error(`POST answered ${response.status}: ${await response.text()}`);
  const { executionId } = (await response.json()) as { executionId: string };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const view = await fetch(`${gateway}/api/v1/deployments/${executionId}`, {
      headers: AS_DEPLOYER,
    });
    if (view.status === 200) {
      const { status, message } = (await view.json()) as { status: string; message: string | null };
      if (status === 'Completed') return;
      if (status === 'Failed') throw new Error(`deployment ${executionId} failed: ${message}`);
    }
    if (Date.now() > deadline)
      throw new Error(`deployment ${executionId} not completed within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

function verdict(label: string, ok: boolean): boolean {
  console.log(`${label}: ${ok ? 'met' : 'NOT MET'}`);
  return ok;
}

async function main(): Promise<void> {
  const natsUrl = requiredEnv('NATS_URL');
  const redisUrl = requiredEnv('REDIS_URL');

  // Raw infrastructure, same servers, same run.
  const nc = await connect({ servers: natsUrl });
  const echo = nc.subscribe('bench.echo', { queue: 'bench' });
  void (async () => {
    for await (const m of echo) m.respond(m.data);
  })();
  const payload = Buffer.alloc(200, 'x');
  const rawRequest = await awaitedOneByOne('raw NATS request/reply, awaited', 2_000, () =>
    nc.request('bench.echo', payload),
  );
  const rawRequests = await pipelined(
    `raw NATS request/reply, ${CLIENTS} in flight`,
    20_000,
    CLIENTS,
    () => nc.request('bench.echo', payload),
  );
  const jsm = await nc.jetstreamManager();
  await jsm.streams.add({
    name: 'BENCH_RAW_E2E',
    subjects: ['bench.e2e.raw'],
    storage: StorageType.File,
    num_replicas: 1,
  });
  const js = nc.jetstream();
  const rawPublish = await awaitedOneByOne('raw JetStream publish, awaited', 2_000, () =>
    js.publish('bench.e2e.raw', payload),
  );

  const system = await HotSwapSystem.start(
    {
      HOTSWAP_STAGE_DURATIONS_MS: '0',
      HOTSWAP_LOG_LEVEL: 'error',
      HOTSWAP_TELEMETRY_INTERVAL_MS: '5000',
    },
    { natsUrl, redisUrl },
  );
  let ok = true;
  try {
    for (let i = 0; i < 20; i++)
      await deploy(system.gateway, 'bench-warm-up', `0.0.${i}`, POLL_MS.sequential);
    const sequential = await awaitedOneByOne(
      `deployment POST → Completed, one at a time`,
      SEQUENTIAL,
      (i) => deploy(system.gateway, 'bench-sequential', `1.0.${i}`, POLL_MS.sequential),
    );
    const counters = Array.from({ length: CLIENTS }, () => 0);
    const concurrent = await pipelined(
      `deployments, ${CLIENTS} clients (distinct modules)`,
      CONCURRENT,
      CLIENTS,
      (i) => {
        const client = i % CLIENTS;
        return deploy(
          system.gateway,
          `bench-client-${client}`,
          `2.0.${counters[client]!++}`,
          POLL_MS.concurrent,
        );
      },
    );
    const figures: Figures[] = [rawRequest, rawRequests, rawPublish, sequential, concurrent];
    printFigures(figures);
    console.log(
      `one deployment ≈ ${(sequential.p50! / rawRequest.p50!).toFixed(0)} raw request/replies or ${(sequential.p50! / rawPublish.p50!).toFixed(0)} awaited JetStream publishes (p50)`,
    );
    ok = [
      verdict(
        `deployment p50 ${sequential.p50!.toFixed(1)} ms (expected <= 50 ms)`,
        sequential.p50! <= 50,
      ),
      verdict(
        `${concurrent.perSecond.toFixed(0)} deployments/s with ${CLIENTS} clients (expected >= 100)`,
        concurrent.perSecond >= 100,
      ),
    ].every(Boolean);
  } finally {
    await system.stop();
    await nc.close();
  }
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
