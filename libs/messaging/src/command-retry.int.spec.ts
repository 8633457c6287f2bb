import { performance } from 'node:perf_hooks';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { testInfrastructure, uniqueName } from '@hotswap/testing';
import type { CommandReply } from '@hotswap/contracts';
import { CommandRetry, DEFAULT_COMMAND_RETRY } from './command-retry.js';

/** Answers like a NestJS @MessagePattern handler, with what `answer` returns; counts the calls. */
function responder(nc: NatsConnection, subject: string, answer: (call: number) => CommandReply) {
  let calls = 0;
  const subscription: Subscription = nc.subscribe(subject, {
    callback: (_error, msg) => {
      const { id } = JSON.parse(Buffer.from(msg.data).toString('utf8')) as { id: string };
      msg.respond(JSON.stringify({ id, response: answer(++calls), isDisposed: true }));
    },
  });
  return { calls: () => calls, stop: () => subscription.unsubscribe() };
}

const unavailable: CommandReply = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'the store is down' },
};

describe('CommandRetry over a real NATS', () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await connect({ servers: testInfrastructure().natsUrl });
  });
  afterAll(async () => {
    await nc.close();
  });

  it('rides out a destination that is away for 3 s (a restart) within its budget', async () => {
    const subject = uniqueName('cmd');
    const retry = new CommandRetry(nc);
    let back: ReturnType<typeof responder> | undefined;
    const timer = setTimeout(() => (back = responder(nc, subject, () => ({ ok: true }))), 3_000);
    const startedAt = performance.now();
    try {
      const delivery = await retry.deliver(subject, { commandId: 'c1' }, { timeoutMs: 500 });
      // Nobody listened until it came back: no attempt can have acted before the answered one.
      expect(delivery).toEqual({ delivered: true, reply: { ok: true }, uncertain: false });
      expect(performance.now() - startedAt).toBeGreaterThanOrEqual(3_000);
    } finally {
      clearTimeout(timer);
      back?.stop();
    }
  });

  it('tries an UNAVAILABLE reply again, and returns a refusal at once', async () => {
    const subject = uniqueName('cmd');
    const answers = responder(nc, subject, (call) =>
      call < 3 ? unavailable : { ok: false, error: { code: 'CONFLICT', message: 'no' } },
    );
    const retry = new CommandRetry(nc);
    const delivery = await retry.deliver(subject, {}, { timeoutMs: 500 });
    expect(delivery).toEqual({
      delivered: true,
      reply: { ok: false, error: { code: 'CONFLICT', message: 'no' } },
      // An UNAVAILABLE receiver may have stored the command's events before failing.
      uncertain: true,
    });
    expect(answers.calls()).toBe(3);
    answers.stop();
  });

  it('gives up once its budget is spent, with the last failure', async () => {
    const retry = new CommandRetry(nc, { ...DEFAULT_COMMAND_RETRY, budgetMs: 1_000 });
    const startedAt = performance.now();
    const delivery = await retry.deliver(uniqueName('nobody'), {}, { timeoutMs: 200 });
    const tookMs = performance.now() - startedAt;
    expect(delivery).toMatchObject({
      delivered: false,
      error: { reason: 'NO_RESPONDER' },
      uncertain: false,
    });
    expect(tookMs).toBeGreaterThanOrEqual(1_000);
    expect(tookMs).toBeLessThan(1_000 + DEFAULT_COMMAND_RETRY.maxDelayMs + 500);
  });

  it('opens the circuit of a failing destination: it is tried about once per half-open pause', async () => {
    const subject = uniqueName('cmd');
    const answers = responder(nc, subject, () => unavailable);
    const settings = { ...DEFAULT_COMMAND_RETRY, budgetMs: 3_000, breakAfter: 3 };
    const retry = new CommandRetry(nc, settings);
    // Ten rollouts waiting on one node-agent whose store is down.
    const deliveries = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        retry.deliver(subject, { i }, { timeoutMs: 200, destination: 'node-agent' }),
      ),
    );
    for (const delivery of deliveries) {
      expect(delivery).toEqual({ delivered: true, reply: unavailable, uncertain: true });
    }
    // Without the breaker each of the ten tries about 8 times in 3 s.
    const halfOpenTests = Math.ceil(settings.budgetMs / settings.halfOpenAfterMs) + 1;
    expect(answers.calls()).toBeLessThanOrEqual(10 + halfOpenTests * 2);
    answers.stop();
  });

  it('says the outcome is uncertain when an attempt went unanswered (it may have acted)', async () => {
    const subject = uniqueName('cmd');
    // Takes the first command in and never answers it, as a receiver stopped mid-way would.
    let calls = 0;
    const subscription = nc.subscribe(subject, {
      callback: (_error, msg) => {
        if (++calls === 1) return;
        const { id } = JSON.parse(Buffer.from(msg.data).toString('utf8')) as { id: string };
        msg.respond(JSON.stringify({ id, response: { ok: true }, isDisposed: true }));
      },
    });
    const retry = new CommandRetry(nc);
    try {
      const delivery = await retry.deliver(subject, {}, { timeoutMs: 200 });
      expect(delivery).toEqual({ delivered: true, reply: { ok: true }, uncertain: true });
    } finally {
      subscription.unsubscribe();
    }
  });
});
