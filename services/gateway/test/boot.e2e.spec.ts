import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { connect } from 'nats';
import { SERVICES, SUBJECTS, type ServiceName } from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import {
  eventually,
  privateServers,
  startRedis,
  testInfrastructure,
  uniqueName,
  type LocalServer,
  ServiceProcess,
} from '@hotswap/testing';

/**
 * The five services as separate processes, built (npm test builds first; alone, run
 * `npx tsc -b tsconfig.build.json`), on a NATS and Redis of this test's own: services of another
 * test on the run's shared NATS would otherwise answer their commands.
 */
describe('the services boot, report their health and stop', () => {
  const { tmpDir } = testInfrastructure();
  const stream = uniqueName('E2E');
  const servers: { stop(): Promise<void> }[] = [];
  const baseEnv: Record<string, string> = {
    HOTSWAP_MODE: 'test',
    HOTSWAP_JETSTREAM_STREAM: stream,
    HOTSWAP_JETSTREAM_SUBJECT_PREFIX: `e2e.${stream}`,
    HOTSWAP_SHUTDOWN_TIMEOUT_MS: '5000',
  };
  beforeAll(async () => {
    const own = await privateServers();
    servers.push(own);
    baseEnv['NATS_URL'] = own.nats.url;
    baseEnv['REDIS_URL'] = own.redis.url;
  });
  const processes: ServiceProcess[] = [];
  const start = (name: ServiceName, env: Record<string, string> = {}): ServiceProcess => {
    const started = ServiceProcess.start(name, { ...baseEnv, ...env });
    processes.push(started);
    return started;
  };

  afterAll(async () => {
    await Promise.all(processes.map((service) => service.kill()));
    await Promise.all(servers.map((server) => server.stop()));
  });

  describe('all five together', () => {
    const urls = new Map<string, string>();
    let services: ServiceProcess[] = [];

    beforeAll(async () => {
      services = SERVICES.map((service) => start(service.name));
      await Promise.all(
        services.map(async (service) => urls.set(service.name, await service.ready())),
      );
    }, 60_000);

    it.each(SERVICES.map((service) => service.name))('%s is live', async (name) => {
      const response = await fetch(`${urls.get(name)}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it.each(SERVICES.map((service) => service.name))(
      '%s is ready: NATS, event store, Redis and its subscriptions up',
      async (name) => {
        const response = await fetch(`${urls.get(name)}/health/ready`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          status: 'ok',
          checks: { nats: 'up', eventStore: 'up', redis: 'up', subscriptions: 'up' },
        });
      },
    );

    it.each(SERVICES.map((service) => service.name))(
      '%s serves Prometheus metrics',
      async (name) => {
        const response = await fetch(`${urls.get(name)}/metrics`);
        expect(response.status).toBe(200);
        // Prometheus's text format, version 0.0.4 (express may reorder the parameters).
        expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
        const body = await response.text();
        expect(body).toContain('process_cpu_seconds_total');
        expect(body).toContain(`service="${name}"`);
      },
    );

    it('every service checks the signature of the commands it receives', async () => {
      for (const service of services) {
        const starting = service.logLines().find((line) => line['msg'] === 'starting');
        expect(starting).toMatchObject({ commandSigning: 'on' });
      }
      const receivers = [
        ['orchestrator', SUBJECTS.requestDeployment],
        ['approval', SUBJECTS.requestApproval],
        ['strategy-runner', SUBJECTS.startRollout],
        ['node-agent', SUBJECTS.describeCluster],
      ] as const;
      const nc = await connect({ servers: baseEnv['NATS_URL'] });
      try {
        for (const [name, subject] of receivers) {
          // Signed with the run's key (sendCommand): answered by the handler, whatever it says.
          const signed = await sendCommand(nc, subject, {});
          expect(signed.ok || signed.error.code).not.toBe('UNAUTHORIZED');
          // A forger's command, without signature: refused before any handler sees it.
          const packet = JSON.stringify({ pattern: subject, data: {}, id: randomUUID() });
          const reply = await nc.request(subject, packet, { timeout: 5_000 });
          expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({
            response: { ok: false, error: { code: 'UNAUTHORIZED' } },
          });
          const process = services.find((service) => service.name === name)!;
          await eventually(
            () =>
              process
                .logLines()
                .some((line) => line['reason'] === 'unsigned' && line['subject'] === subject),
            { what: `${name} to log the refusal` },
          );
        }
      } finally {
        await nc.close();
      }
    });

    it('every service stops promptly with exit code 0 on SIGTERM', async () => {
      services.forEach((service) => service.signal('SIGTERM'));
      const exits = await Promise.all(services.map((service) => service.exitWithin(5_000)));
      expect(exits).toEqual(services.map(() => ({ code: 0, signal: null })));
      for (const service of services) {
        expect(service.logLines().map((line) => line['msg'])).toContain('stopped');
      }
    });
  });

  describe('when its Redis goes away', () => {
    let redis: LocalServer;

    beforeAll(async () => {
      redis = await startRedis({ dataDir: path.join(tmpDir, uniqueName('redis')) });
    });

    afterAll(async () => {
      await redis.stop();
    });

    it('a service answers 503 naming redis, and still stops cleanly', async () => {
      const service = start('orchestrator', { REDIS_URL: redis.url });
      const url = await service.ready();

      await redis.stop();

      const report = await eventually(
        async () => {
          const response = await fetch(`${url}/health/ready`);
          return response.status === 503 ? await response.json() : undefined;
        },
        { timeoutMs: 10_000, what: 'readiness to report Redis down' },
      );
      expect(report).toEqual({
        status: 'unavailable',
        checks: { nats: 'up', eventStore: 'up', redis: 'down', subscriptions: 'up' },
        reasons: { redis: expect.any(String) as string },
      });
      expect((await fetch(`${url}/health/live`)).status).toBe(200);

      service.signal('SIGTERM');
      expect(await service.exitWithin(5_000)).toEqual({ code: 0, signal: null });
    });
  });

  describe('with a bad configuration', () => {
    it('exits non-zero and names the variable on stderr', async () => {
      const service = start('gateway', { HOTSWAP_GATEWAY_PORT: 'abc' });
      const exit = await service.exitWithin(10_000);
      expect(exit.code).not.toBe(0);
      expect(service.stderr).toContain(
        "HOTSWAP_GATEWAY_PORT is 'abc': expected an integer from 0 to 65535",
      );
      expect(service.stderr).not.toMatch(/\n\s+at /);
    });

    it('refuses production without NATS_URL', async () => {
      // An empty value counts as unset.
      const service = start('approval', { HOTSWAP_MODE: 'production', NATS_URL: '' });
      const exit = await service.exitWithin(10_000);
      expect(exit.code).not.toBe(0);
      expect(service.stderr).toMatch(/NATS_URL is required \(HOTSWAP_MODE is production/);
    });

    it('refuses production without the NATS signing key, naming it', async () => {
      const service = start('orchestrator', {
        HOTSWAP_MODE: 'production',
        HOTSWAP_NATS_SIGNING_KEY: '',
      });
      const exit = await service.exitWithin(10_000);
      expect(exit.code).not.toBe(0);
      expect(service.stderr).toMatch(
        /HOTSWAP_NATS_SIGNING_KEY is required \(HOTSWAP_MODE is production: commands on NATS must be signed\)/,
      );
    });

    it('exits non-zero when NATS cannot be reached, saying where it looked', async () => {
      const service = start('node-agent', { NATS_URL: 'nats://127.0.0.1:1' });
      const exit = await service.exitWithin(15_000);
      expect(exit.code).toBe(1);
      expect(service.stdout).toContain('cannot connect to NATS at nats://127.0.0.1:1 (NATS_URL)');
    });
  });
});
