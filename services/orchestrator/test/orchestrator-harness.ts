import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { loadConfig } from '@hotswap/config';
import {
  SUBJECTS,
  deploymentStream,
  queueGroup,
  type RequestDeployment,
  type RequestDeploymentReply,
} from '@hotswap/contracts';
import { JetStreamEventStore, type RecordedEvent } from '@hotswap/event-store';
import { sendCommand } from '@hotswap/messaging';
import {
  CommandSignatureCheck,
  serviceRootModule,
  SignedCommandsServer,
} from '@hotswap/service-host';
import {
  eventually,
  privateServers,
  signingEnvironment,
  uniqueName,
  type PrivateServers,
} from '@hotswap/testing';
import { AppModule } from '../src/app.module.js';
import { FakeCluster, FakeNodeAgent, FakeStrategyRunner } from './fake-services.js';

/**
 * The orchestrator's AppModule in this process, as the host composes it, over a nats-server and a
 * redis-server of the test's own: the orchestrator listens on its real subjects and uses its real
 * Redis keys, which must not meet another test's orchestrator. The strategy-runner and node-agent
 * are fakes (fake-services.ts).
 */
export class OrchestratorHarness {
  app: INestMicroservice | undefined;
  metrics = new Registry();
  readonly strategyRunner: FakeStrategyRunner;
  readonly nodeAgent: FakeNodeAgent;
  readonly cluster = new FakeCluster({ Development: 3, QA: 5, Staging: 2 });

  private constructor(
    private readonly servers: PrivateServers,
    readonly nc: NatsConnection,
    readonly redis: Redis,
    readonly store: JetStreamEventStore,
    private readonly storeOptions: { streamName: string; subjectPrefix: string },
  ) {
    this.strategyRunner = new FakeStrategyRunner(nc, store, this.cluster);
    this.nodeAgent = new FakeNodeAgent(nc, this.cluster);
  }

  static async start(env: Record<string, string> = {}): Promise<OrchestratorHarness> {
    const servers = await privateServers();
    const nc = await connect({ servers: servers.nats.url });
    const redis = new Redis(servers.redis.url);
    const name = uniqueName('orch');
    const storeOptions = { streamName: name.toUpperCase(), subjectPrefix: `${name}.es` };
    const store = await JetStreamEventStore.connect(nc, storeOptions);
    const harness = new OrchestratorHarness(servers, nc, redis, store, storeOptions);
    harness.strategyRunner.start();
    harness.nodeAgent.start();
    await harness.startOrchestrator(env);
    return harness;
  }

  /** Starts the orchestrator (again), with `env` as its process environment's additions. */
  async startOrchestrator(env: Record<string, string> = {}): Promise<void> {
    const natsUrl = this.servers.nats.url;
    const config = loadConfig('orchestrator', {
      env: {
        HOTSWAP_MODE: 'test',
        NATS_URL: natsUrl,
        REDIS_URL: this.servers.redis.url,
        HOTSWAP_JETSTREAM_STREAM: this.storeOptions.streamName,
        HOTSWAP_JETSTREAM_SUBJECT_PREFIX: this.storeOptions.subjectPrefix,
        HOTSWAP_INSTANCE_ID: uniqueName('orchestrator-'),
        // The run's key: the orchestrator checks the signature of the commands sent below.
        ...signingEnvironment(),
      },
    });
    const logger = pino({ level: process.env['HOTSWAP_TEST_LOG_LEVEL'] ?? 'silent' });
    this.metrics = new Registry();
    // The orchestrator reads its own variables from process.env at start-up (jest gives each test
    // file a process.env of its own).
    const variables: Record<string, string> = {
      HOTSWAP_STAGE_DURATIONS_MS: '0',
      // Unsigned test modules may deploy anywhere here; SecurityScan has tests of its own.
      HOTSWAP_STAGING_STRICT_SIGNATURES: 'false',
      HOTSWAP_PRODUCTION_STRICT_SIGNATURES: 'false',
      ...env,
    };
    const saved = Object.keys(variables).map((key) => [key, process.env[key]] as const);
    Object.assign(process.env, variables);
    try {
      const module = serviceRootModule(
        {
          config,
          logger,
          metrics: this.metrics,
          connections: { nats: this.nc, redis: this.redis, eventStore: this.store },
        },
        AppModule,
      );
      // As startServiceApp does: the listener checks every command's signature.
      this.app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
        strategy: new SignedCommandsServer(
          { servers: [natsUrl], queue: queueGroup('orchestrator') },
          new CommandSignatureCheck(config, logger, this.metrics),
        ),
        logger: false,
      });
      await this.app.listen();
      // listen() can resolve before the server knows of the subscription: probe with a command
      // that records nothing (it fails validation) until it is answered.
      await eventually(
        () =>
          sendCommand(this.nc, SUBJECTS.requestDeployment, {}, { timeoutMs: 500 }).then(() => true),
        { what: 'the orchestrator to answer on its subject' },
      );
    } finally {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  async stopOrchestrator(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  request(
    command: Partial<RequestDeployment> & { moduleName: string },
  ): Promise<RequestDeploymentReply> {
    const executionId = command.executionId ?? uniqueName('exec');
    return sendCommand<RequestDeploymentReply>(this.nc, SUBJECTS.requestDeployment, {
      executionId,
      commandId: uniqueName('cmd'),
      actor: 'alice@example.com',
      version: '2.1.0',
      targetEnvironment: 'Development',
      requesterEmail: 'alice@example.com',
      ...command,
    });
  }

  events(executionId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(deploymentStream(executionId));
  }

  /** The deployment's events once one of type `type` is among them. */
  async waitFor(executionId: string, type: string, timeoutMs = 10_000): Promise<RecordedEvent[]> {
    return eventually(
      async () => {
        const events = await this.events(executionId);
        return events.some((event) => event.type === type) && events;
      },
      { what: `${type} in deployment-${executionId}`, timeoutMs },
    );
  }

  async close(): Promise<void> {
    await this.stopOrchestrator();
    this.strategyRunner.stop();
    this.nodeAgent.stop();
    await this.store.close();
    await this.nc.close();
    await this.redis.quit();
    await this.servers.stop();
  }
}
