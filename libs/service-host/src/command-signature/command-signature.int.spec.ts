import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { connect, type MsgHdrs, type NatsConnection } from 'nats';
import type { CommandReply } from '@hotswap/contracts';
import { sendCommand, signatureHeaders, useCommandSigningKey } from '@hotswap/messaging';
import {
  eventually,
  Teardown,
  testEnvironment,
  testInfrastructure,
  testSigningKey,
  uniqueName,
} from '@hotswap/testing';
import { startInProcess, type InProcessService } from '../start-in-process.js';

type EchoReply = CommandReply<{ text: string }>;

/** A service with one NATS handler on `subject` that records what it handled. */
function echoModule(subject: string, handled: string[]): DynamicModule {
  @Controller()
  class EchoController {
    @MessagePattern(subject)
    echo(@Payload() data: { text: string }): EchoReply {
      handled.push(data.text);
      return { ok: true, text: data.text.toUpperCase() };
    }
  }
  @Module({})
  class EchoModule {}
  return { module: EchoModule, controllers: [EchoController] };
}

/** The service's log lines, as pino writes them. */
function logCapture() {
  const lines: Record<string, unknown>[] = [];
  const destination = {
    write: (chunk: string) => void lines.push(JSON.parse(chunk) as Record<string, unknown>),
  };
  return { lines, destination };
}

/** A command as a forger would send it: Nest's packet, any headers or none. */
async function handMadeRequest(
  nc: NatsConnection,
  subject: string,
  data: object,
  headers?: MsgHdrs,
): Promise<unknown> {
  const packet = JSON.stringify({ pattern: subject, data, id: randomUUID() });
  const reply = await nc.request(subject, packet, { timeout: 5_000, ...(headers && { headers }) });
  return (JSON.parse(new TextDecoder().decode(reply.data)) as { response?: unknown }).response;
}

const unauthorized = (reason: string) => ({
  ok: false,
  error: { code: 'UNAUTHORIZED', message: expect.stringContaining(reason) as string },
});

describe('signed commands between services (real nats-server, service in process)', () => {
  const teardown = new Teardown();
  const subject = `${uniqueName('test')}.cmd.Echo`;
  const handled: string[] = [];
  const logs = logCapture();
  let service: InProcessService;
  let nc: NatsConnection;

  beforeAll(async () => {
    const { natsUrl } = testInfrastructure();
    service = teardown.add(
      await startInProcess(
        'approval',
        echoModule(subject, handled),
        { ...testEnvironment(natsUrl), HOTSWAP_LOG_LEVEL: 'warn' },
        { logDestination: logs.destination },
      ),
      (s) => s.close(),
    );
    nc = teardown.add(await connect({ servers: natsUrl }), (c) => c.close());
  });
  afterAll(() => teardown.run());

  const refusals = () =>
    logs.lines.filter((line) => line['msg'] === `command refused: ${String(line['reason'])}`);

  it('runs the suite with the run’s key: the service has it, and sendCommand signs with it', () => {
    expect(service.config.natsSigningKey?.reveal()).toBe(testSigningKey());
  });

  it('hands a signed command to its handler', async () => {
    expect(await sendCommand<EchoReply>(nc, subject, { text: 'signed' })).toEqual({
      ok: true,
      text: 'SIGNED',
    });
    expect(handled).toEqual(['signed']);
  });

  it('refuses an unsigned command with UNAUTHORIZED, without running the handler, and logs it', async () => {
    expect(await handMadeRequest(nc, subject, { text: 'unsigned' })).toEqual(
      unauthorized('unsigned'),
    );
    expect(handled).not.toContain('unsigned');
    expect(refusals().at(-1)).toMatchObject({ level: 'warn', subject, reason: 'unsigned' });
  });

  it('refuses a command signed with another key; sendCommand gets the reply, not a timeout', async () => {
    useCommandSigningKey(randomBytes(32).toString('hex'));
    try {
      expect(await sendCommand<EchoReply>(nc, subject, { text: 'wrong key' })).toEqual(
        unauthorized('bad signature'),
      );
    } finally {
      useCommandSigningKey(testSigningKey());
    }
    expect(handled).not.toContain('wrong key');
    expect(refusals().at(-1)).toMatchObject({ subject, reason: 'bad signature' });
  });

  it('refuses a signed command whose data was changed on the way', async () => {
    const headers = signatureHeaders({
      subject,
      data: { text: 'approve 1' },
      key: testSigningKey(),
      signedAt: Date.now(),
    });
    expect(await handMadeRequest(nc, subject, { text: 'approve 100' }, headers)).toEqual(
      unauthorized('bad signature'),
    );
    expect(handled).not.toContain('approve 100');
  });

  it('refuses a genuine command replayed after the window', async () => {
    const data = { text: 'replayed' };
    const headers = signatureHeaders({
      subject,
      data,
      key: testSigningKey(),
      signedAt: Date.now() - 61_000,
    });
    expect(await handMadeRequest(nc, subject, data, headers)).toEqual(
      unauthorized('outside the replay window'),
    );
    expect(handled).not.toContain('replayed');
    expect(refusals().at(-1)).toMatchObject({ subject, reason: 'outside the replay window' });
  });

  it('refuses an unsigned message without a reply subject too (Nest runs those as events)', async () => {
    const before = refusals().length;
    nc.publish(subject, JSON.stringify({ pattern: subject, data: { text: 'fire and forget' } }));
    await eventually(() => refusals().length > before, { what: 'the refusal to be logged' });
    expect(handled).not.toContain('fire and forget');
  });

  it('counts refusals by reason, and never logs the key', async () => {
    const metric = await service.metrics.getSingleMetric('commands_refused_total')?.get();
    const count = (reason: string) =>
      metric?.values.find((value) => value.labels['reason'] === reason)?.value;
    expect(count('unsigned')).toBe(2);
    expect(count('bad signature')).toBe(2);
    expect(count('outside the replay window')).toBe(1);
    expect(JSON.stringify(logs.lines)).not.toContain(testSigningKey());
  });
});

describe('a service without a signing key (development, test)', () => {
  const teardown = new Teardown();
  const subject = `${uniqueName('test')}.cmd.Echo`;
  const handled: string[] = [];
  const logs = logCapture();
  let nc: NatsConnection;

  beforeAll(async () => {
    const { natsUrl } = testInfrastructure();
    teardown.add(
      await startInProcess(
        'approval',
        echoModule(subject, handled),
        { ...testEnvironment(natsUrl), HOTSWAP_NATS_SIGNING_KEY: '', HOTSWAP_LOG_LEVEL: 'warn' },
        { logDestination: logs.destination },
      ),
      (s) => s.close(),
    );
    nc = teardown.add(await connect({ servers: natsUrl }), (c) => c.close());
  });
  afterAll(async () => {
    // The service set this process's key to none; give it back to any test after this one.
    useCommandSigningKey(testSigningKey());
    await teardown.run();
  });

  it('says once, at start-up, that commands are neither signed nor checked', () => {
    const warnings = logs.lines.filter((line) =>
      String(line['msg']).startsWith('HOTSWAP_NATS_SIGNING_KEY is not set'),
    );
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'HOTSWAP_NATS_SIGNING_KEY is not set: commands on NATS are neither signed nor checked (test mode; production requires the key)',
      }),
    ]);
  });

  it('accepts unsigned commands', async () => {
    expect(await handMadeRequest(nc, subject, { text: 'plain' })).toEqual({
      ok: true,
      text: 'PLAIN',
    });
    expect(await sendCommand<EchoReply>(nc, subject, { text: 'also plain' })).toEqual({
      ok: true,
      text: 'ALSO PLAIN',
    });
    expect(handled).toEqual(['plain', 'also plain']);
  });
});
