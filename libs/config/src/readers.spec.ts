import { InvalidVariable } from './invalid-variable.js';
import { readEnum, readInt, readPort, readString, readUrl } from './readers.js';

function problemOf(reader: () => unknown): string {
  try {
    reader();
  } catch (error) {
    if (error instanceof InvalidVariable) return error.message;
    throw error;
  }
  throw new Error('expected the reader to throw');
}

describe('readEnum', () => {
  const levels = ['info', 'debug'] as const;

  it('returns an allowed value', () => {
    expect(readEnum({ LEVEL: 'debug' }, 'LEVEL', levels)).toBe('debug');
  });

  it('returns the default when unset or empty', () => {
    expect(readEnum({}, 'LEVEL', levels, { default: 'info' })).toBe('info');
    expect(readEnum({ LEVEL: '' }, 'LEVEL', levels, { default: 'info' })).toBe('info');
  });

  it('names the variable, the value and the allowed values', () => {
    expect(problemOf(() => readEnum({ LEVEL: 'loud' }, 'LEVEL', levels))).toBe(
      "LEVEL is 'loud': expected one of info, debug",
    );
  });

  it('says a variable without default is required', () => {
    expect(problemOf(() => readEnum({}, 'LEVEL', levels))).toBe(
      'LEVEL is required: set it to one of info, debug',
    );
  });
});

describe('readInt', () => {
  it('parses integers within bounds', () => {
    expect(readInt({ N: '42' }, 'N', { min: 0, max: 100 })).toBe(42);
    expect(readInt({ N: '-3' }, 'N')).toBe(-3);
    expect(readInt({ N: ' 7 ' }, 'N')).toBe(7);
  });

  it.each(['abc', '1.5', '1e3', '0x10', '12abc', '101', '-1'])('rejects %p', (value) => {
    expect(problemOf(() => readInt({ N: value }, 'N', { min: 0, max: 100 }))).toBe(
      `N is '${value}': expected an integer from 0 to 100`,
    );
  });
});

describe('readPort', () => {
  it('accepts 0 (any free port) to 65535', () => {
    expect(readPort({ P: '0' }, 'P')).toBe(0);
    expect(readPort({ P: '65535' }, 'P')).toBe(65535);
    expect(readPort({}, 'P', { default: 5000 })).toBe(5000);
  });

  it.each(['abc', '65536', '-1', '80.5'])('rejects %p naming the variable', (value) => {
    expect(problemOf(() => readPort({ P: value }, 'P'))).toBe(
      `P is '${value}': expected an integer from 0 to 65535`,
    );
  });
});

describe('readUrl', () => {
  const nats = { protocols: ['nats:', 'tls:'] } as const;

  it('accepts a URL with an allowed scheme and a host', () => {
    expect(readUrl({ U: 'nats://10.0.0.1:4222' }, 'U', nats)).toBe('nats://10.0.0.1:4222');
    expect(readUrl({}, 'U', { ...nats, default: 'nats://127.0.0.1:4222' })).toBe(
      'nats://127.0.0.1:4222',
    );
  });

  it('rejects another scheme, naming it', () => {
    expect(problemOf(() => readUrl({ U: 'http://h:1' }, 'U', nats))).toBe(
      "U has scheme 'http': expected a URL such as nats://host:port (scheme nats or tls)",
    );
  });

  it('rejects text that is no URL without repeating it (it may hold a password)', () => {
    const message = problemOf(() => readUrl({ U: 'secret-password' }, 'U', nats));
    expect(message).toBe(
      'U is not a valid URL: expected a URL such as nats://host:port (scheme nats or tls)',
    );
  });

  it('rejects a URL without host', () => {
    expect(problemOf(() => readUrl({ U: 'nats://' }, 'U', nats))).toMatch(/^U has no host/);
  });

  it('says why a variable without default is required', () => {
    expect(problemOf(() => readUrl({}, 'U', { ...nats, requiredBecause: 'production' }))).toBe(
      'U is required (production): set it to a URL such as nats://host:port (scheme nats or tls)',
    );
  });
});

describe('readString', () => {
  const name = { pattern: /^[a-z]+$/, expected: 'lower-case letters' };

  it('returns a matching value', () => {
    expect(readString({ S: 'abc' }, 'S', name)).toBe('abc');
  });

  it('echoes a bad value unless it is secret', () => {
    expect(problemOf(() => readString({ S: 'A B' }, 'S', name))).toBe(
      "S is 'A B': expected lower-case letters",
    );
    expect(problemOf(() => readString({ S: 'p@ss' }, 'S', { ...name, secret: true }))).toBe(
      'S has an invalid value: expected lower-case letters',
    );
  });
});
