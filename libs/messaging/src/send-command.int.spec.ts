import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { connect, type NatsConnection } from 'nats';
import { testInfrastructure, uniqueName } from '@hotswap/testing';
import type { CommandReply } from '@hotswap/contracts';
import { CommandNotDelivered, sendCommand } from './send-command.js';

const subject = `${uniqueName('test')}.cmd.Echo`;

@Controller()
class EchoController {
  @MessagePattern(subject)
  echo(@Payload() data: { text: string }): CommandReply<{ text: string }> {
    if (data.text === 'boom') throw new Error('boom');
    if (data.text === '')
      return {
        ok: false,
        error: { code: 'VALIDATION_FAILED', message: 'text is empty', fields: { text: 'empty' } },
      };
    return { ok: true, text: data.text.toUpperCase() };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('sendCommand to a NestJS NATS handler', () => {
  let app: INestMicroservice;
  let nc: NatsConnection;

  beforeAll(async () => {
    const { natsUrl } = testInfrastructure();
    app = await NestFactory.createMicroservice(EchoModule, {
      transport: Transport.NATS,
      options: { servers: [natsUrl], queue: 'echo' },
      logger: false,
    });
    await app.listen();
    nc = await connect({ servers: natsUrl });
  });
  afterAll(async () => {
    await nc.close();
    await app.close();
  });

  it('returns the handler reply, typed errors included', async () => {
    expect(await sendCommand(nc, subject, { text: 'hi' })).toEqual({ ok: true, text: 'HI' });
    expect(await sendCommand(nc, subject, { text: '' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('reports a handler that threw as an INTERNAL error', async () => {
    expect(await sendCommand(nc, subject, { text: 'boom' })).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('says when nobody listens', async () => {
    await expect(sendCommand(nc, `${subject}.nobody`, {})).rejects.toMatchObject({
      reason: 'NO_RESPONDER',
    });
    await expect(sendCommand(nc, `${subject}.nobody`, {})).rejects.toBeInstanceOf(
      CommandNotDelivered,
    );
  });
});
