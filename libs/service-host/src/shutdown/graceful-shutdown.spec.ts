import { pino } from 'pino';
import { gracefulShutdown, type ShutdownStep } from './graceful-shutdown.js';

const logger = pino({ level: 'silent' });

function harness(steps: ShutdownStep[], timeoutMs = 1_000) {
  const exits: number[] = [];
  let exited!: (code: number) => void;
  const exitedWith = new Promise<number>((resolve) => (exited = resolve));
  const shutdown = gracefulShutdown({
    steps,
    timeoutMs,
    logger,
    exit: (code) => {
      exits.push(code);
      exited(code);
    },
  });
  return { shutdown, exits, exitedWith };
}

describe('gracefulShutdown', () => {
  it('runs the steps in order, one after the other, and exits 0', async () => {
    const order: string[] = [];
    const step = (name: string): ShutdownStep => [
      name,
      async () => {
        order.push(`${name} start`);
        await Promise.resolve();
        order.push(`${name} end`);
      },
    ];
    const { shutdown, exits } = harness([step('http'), step('event store'), step('nats')]);
    await shutdown('SIGTERM');
    expect(order).toEqual([
      'http start',
      'http end',
      'event store start',
      'event store end',
      'nats start',
      'nats end',
    ]);
    expect(exits).toEqual([0]);
  });

  it('runs the remaining steps after one fails, then exits 1', async () => {
    const ran: string[] = [];
    const { shutdown, exits } = harness([
      [
        'event store',
        async () => {
          throw new Error('boom');
        },
      ],
      ['redis', async () => void ran.push('redis')],
    ]);
    await shutdown('SIGTERM');
    expect(ran).toEqual(['redis']);
    expect(exits).toEqual([1]);
  });

  it('exits 1 when a step hangs past the timeout', async () => {
    const { shutdown, exitedWith } = harness([['nats', () => new Promise<void>(() => {})]], 20);
    void shutdown('SIGTERM');
    await expect(exitedWith).resolves.toBe(1);
  });

  it('runs once however often it is asked', async () => {
    let runs = 0;
    const { shutdown, exits } = harness([['http', async () => void (runs += 1)]]);
    await Promise.all([shutdown('SIGINT'), shutdown('SIGTERM')]);
    expect(runs).toBe(1);
    expect(exits).toEqual([0]);
  });
});
