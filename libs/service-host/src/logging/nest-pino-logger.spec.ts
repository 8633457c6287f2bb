import { pino } from 'pino';
import { NestPinoLogger } from './nest-pino-logger.js';

function capture(): { logger: NestPinoLogger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = { write: (chunk: string) => void chunks.push(chunk) };
  const logger = new NestPinoLogger(pino({ level: 'trace', base: {} }, destination));
  return {
    logger,
    lines: () => chunks.map((chunk) => JSON.parse(chunk) as Record<string, unknown>),
  };
}

describe('NestPinoLogger', () => {
  it('writes Nest messages as JSON with their context', () => {
    const { logger, lines } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'Nest application successfully started',
        context: 'NestApplication',
      }),
    ]);
  });

  it('maps Nest levels onto pino levels', () => {
    const { logger, lines } = capture();
    logger.fatal('f');
    logger.warn('w');
    logger.debug('d');
    logger.verbose('v');
    expect(lines().map((line) => line['level'])).toEqual([60, 40, 20, 10]);
  });

  it('tells a stack from a context in error()', () => {
    const { logger, lines } = capture();
    const stack = 'Error: boom\n    at somewhere (file.ts:1:1)';
    logger.error('boom', stack, 'ExceptionsHandler');
    logger.error('boom', stack);
    logger.error('boom', undefined, 'ExceptionsHandler');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 50, msg: 'boom', stack, context: 'ExceptionsHandler' }),
      expect.objectContaining({ level: 50, msg: 'boom', stack }),
      expect.objectContaining({ level: 50, msg: 'boom', context: 'ExceptionsHandler' }),
    ]);
    expect(lines()[1]).not.toHaveProperty('context');
  });

  it('serializes errors and objects', () => {
    const { logger, lines } = capture();
    logger.error(new Error('broken'), 'Scanner');
    logger.log({ some: 'object' }, 'Ctx');
    const [error, object] = lines();
    expect(error).toMatchObject({
      msg: 'broken',
      context: 'Scanner',
      err: { message: 'broken', type: 'Error' },
    });
    expect(object).toMatchObject({ data: { some: 'object' }, context: 'Ctx' });
  });
});
