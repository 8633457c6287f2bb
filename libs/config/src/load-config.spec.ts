import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';
import type { Environment } from './readers.js';
import { Secret } from './secret.js';

/** A key made for this run: no key is a literal in the code, not even a test's. */
const signingKey = randomBytes(32).toString('hex');
const webhookKey = randomBytes(32).toString('hex');

const machine = { hostname: 'box', pid: 42 };

function problemsOf(env: Environment, service: 'gateway' | 'node-agent' = 'gateway'): string[] {
  try {
    loadConfig(service, { env, ...machine });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('has development defaults for everything', () => {
    expect(loadConfig('gateway', { env: {}, ...machine })).toEqual({
      service: 'gateway',
      mode: 'development',
      instanceId: 'gateway-box-42',
      natsUrl: 'nats://127.0.0.1:4222',
      redisUrl: 'redis://127.0.0.1:6379',
      redisCommandTimeoutMs: 2_000,
      eventStore: { kind: 'jetstream', streamName: 'HOTSWAP_EVENTS', subjectPrefix: 'hotswap.es' },
      http: {
        host: '127.0.0.1',
        port: 5000,
        portVariable: 'HOTSWAP_GATEWAY_PORT',
        bodyLimitBytes: 262_144,
      },
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
    });
  });

  it("reads each service's own port variable", () => {
    const config = loadConfig('node-agent', {
      env: { HOTSWAP_NODE_AGENT_PORT: '0', HOTSWAP_GATEWAY_PORT: 'abc' },
    });
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 0,
      portVariable: 'HOTSWAP_NODE_AGENT_PORT',
      bodyLimitBytes: 262_144,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig('gateway', {
      env: {
        HOTSWAP_MODE: 'production',
        NATS_URL: 'nats://nats:4222',
        REDIS_URL: 'rediss://redis:6380',
        HOTSWAP_EVENT_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://esdb:2113?tls=false',
        HOTSWAP_HOST: '0.0.0.0',
        HOTSWAP_GATEWAY_PORT: '8080',
        HOTSWAP_LOG_LEVEL: 'debug',
        HOTSWAP_INSTANCE_ID: 'gw-1',
        HOTSWAP_SHUTDOWN_TIMEOUT_MS: '2500',
        HOTSWAP_NATS_SIGNING_KEY: signingKey,
        HOTSWAP_WEBHOOK_SECRET_KEY: webhookKey,
      },
    });
    expect(config.natsSigningKey?.reveal()).toBe(signingKey);
    expect(config.webhookSecretKey?.reveal()).toBe(webhookKey);
    expect(config).toEqual({
      service: 'gateway',
      mode: 'production',
      instanceId: 'gw-1',
      natsUrl: 'nats://nats:4222',
      redisUrl: 'rediss://redis:6380',
      redisCommandTimeoutMs: 2_000,
      eventStore: { kind: 'eventstoredb', connectionString: 'esdb://esdb:2113?tls=false' },
      http: {
        host: '0.0.0.0',
        port: 8080,
        portVariable: 'HOTSWAP_GATEWAY_PORT',
        bodyLimitBytes: 262_144,
      },
      logLevel: 'debug',
      shutdownTimeoutMs: 2500,
      natsSigningKey: expect.any(Secret) as Secret,
      webhookSecretKey: expect.any(Secret) as Secret,
    });
  });

  it('reads the JetStream stream and subject prefix', () => {
    const config = loadConfig('gateway', {
      env: { HOTSWAP_JETSTREAM_STREAM: 'EVENTS_T1', HOTSWAP_JETSTREAM_SUBJECT_PREFIX: 't1.es' },
    });
    expect(config.eventStore).toEqual({
      kind: 'jetstream',
      streamName: 'EVENTS_T1',
      subjectPrefix: 't1.es',
    });
  });

  it('is frozen, nested objects included', () => {
    const config = loadConfig('gateway', { env: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.eventStore)).toBe(true);
  });

  it('refuses production without NATS_URL, REDIS_URL and the NATS signing key', () => {
    expect(problemsOf({ HOTSWAP_MODE: 'production' })).toEqual([
      'NATS_URL is required (HOTSWAP_MODE is production, which has no default): set it to a URL such as nats://host:port (scheme nats or tls)',
      'REDIS_URL is required (HOTSWAP_MODE is production, which has no default): set it to a URL such as redis://host:port (scheme redis or rediss)',
      'HOTSWAP_NATS_SIGNING_KEY is required (HOTSWAP_MODE is production: commands on NATS must be signed): set it to at least 64 hexadecimal characters (32 random bytes or more, e.g. from `openssl rand -hex 32`)',
      'HOTSWAP_WEBHOOK_SECRET_KEY is required (HOTSWAP_MODE is production: webhook secrets are stored encrypted): set it to 64 hexadecimal characters (32 random bytes, e.g. from `openssl rand -hex 32`)',
    ]);
  });

  describe('the webhook secret key (the gateway only)', () => {
    const production = {
      HOTSWAP_MODE: 'production',
      NATS_URL: 'nats://nats:4222',
      REDIS_URL: 'redis://redis:6379',
      HOTSWAP_NATS_SIGNING_KEY: signingKey,
    };

    it('is required of the gateway in production, of no other service', () => {
      expect(problemsOf(production)).toEqual([
        expect.stringMatching(/^HOTSWAP_WEBHOOK_SECRET_KEY is required/) as string,
      ]);
      expect(loadConfig('orchestrator', { env: production }).webhookSecretKey).toBeUndefined();
      expect(loadConfig('gateway', { env: {} }).webhookSecretKey).toBeUndefined();
    });

    it('is exactly 32 bytes as hex, and a bad one is never repeated', () => {
      const [problem] = problemsOf({ HOTSWAP_WEBHOOK_SECRET_KEY: `${webhookKey}ab` });
      expect(problem).toMatch(/^HOTSWAP_WEBHOOK_SECRET_KEY has an invalid value: expected 64/);
      expect(problem).not.toContain(webhookKey);
      const config = loadConfig('gateway', { env: { HOTSWAP_WEBHOOK_SECRET_KEY: webhookKey } });
      expect(JSON.stringify(config)).not.toContain(webhookKey);
    });
  });

  describe('the NATS signing key', () => {
    const servers = { NATS_URL: 'nats://nats:4222', REDIS_URL: 'redis://redis:6379' };

    it('is optional in development and test: commands then go unsigned', () => {
      expect(loadConfig('gateway', { env: {} }).natsSigningKey).toBeUndefined();
      expect(loadConfig('gateway', { env: { HOTSWAP_MODE: 'test' } }).natsSigningKey).toBe(
        undefined,
      );
    });

    it('is required in production, and the ConfigError names it', () => {
      let error: unknown;
      try {
        loadConfig('approval', { env: { HOTSWAP_MODE: 'production', ...servers } });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('HOTSWAP_NATS_SIGNING_KEY is required');
      expect((error as ConfigError).problems.map((problem) => problem.variable)).toEqual([
        'HOTSWAP_NATS_SIGNING_KEY',
      ]);
    });

    it('is required when NODE_ENV is production and HOTSWAP_MODE is unset (the container image)', () => {
      expect(problemsOf({ NODE_ENV: 'production', ...servers }, 'node-agent')).toEqual([
        expect.stringMatching(
          /^HOTSWAP_NATS_SIGNING_KEY is required \(NODE_ENV is production and HOTSWAP_MODE is unset: commands on NATS must be signed\)/,
        ) as string,
      ]);
      const config = loadConfig('node-agent', {
        env: { NODE_ENV: 'production', ...servers, HOTSWAP_NATS_SIGNING_KEY: signingKey },
      });
      expect(config.mode).toBe('production');
    });

    it('follows an explicit HOTSWAP_MODE over NODE_ENV', () => {
      const config = loadConfig('gateway', {
        env: { NODE_ENV: 'production', HOTSWAP_MODE: 'development' },
      });
      expect(config.mode).toBe('development');
      expect(config.natsSigningKey).toBeUndefined();
    });

    it('refuses a key shorter than 32 bytes, saying how long it is but not what it is', () => {
      const short = randomBytes(31).toString('hex');
      expect(problemsOf({ HOTSWAP_NATS_SIGNING_KEY: short })).toEqual([
        'HOTSWAP_NATS_SIGNING_KEY is too short (62 hexadecimal characters): expected at least 64 hexadecimal characters (32 random bytes or more, e.g. from `openssl rand -hex 32`)',
      ]);
    });

    it('refuses a key that is not hexadecimal, without repeating it', () => {
      const text = `${randomBytes(40).toString('base64')}`;
      const [problem] = problemsOf({ HOTSWAP_NATS_SIGNING_KEY: text });
      expect(problem).toMatch(
        /^HOTSWAP_NATS_SIGNING_KEY has an invalid value: expected at least 64/,
      );
      expect(problem).not.toContain(text);
      expect(problemsOf({ HOTSWAP_NATS_SIGNING_KEY: `${signingKey}a` })).toHaveLength(1);
    });

    it('never shows up in JSON, inspect or string conversion of the configuration', () => {
      const config = loadConfig('gateway', { env: { HOTSWAP_NATS_SIGNING_KEY: signingKey } });
      expect(config.natsSigningKey?.reveal()).toBe(signingKey);
      expect(JSON.stringify(config)).not.toContain(signingKey);
      expect(JSON.stringify(config)).toContain('"natsSigningKey":"[redacted]"');
      expect(inspect(config, { depth: 10 })).not.toContain(signingKey);
      expect(`${String(config.natsSigningKey)}`).toBe('[redacted]');
    });
  });

  it('requires a connection string for EventStoreDB and never echoes it', () => {
    expect(problemsOf({ HOTSWAP_EVENT_STORE: 'eventstoredb' })).toEqual([
      'EVENTSTORE_CONNECTION_STRING is required (HOTSWAP_EVENT_STORE is eventstoredb): set it to an EventStoreDB connection string (esdb://host:2113?tls=false or esdb+discover://…)',
    ]);
    const [problem] = problemsOf({
      HOTSWAP_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'https://u:hunter2@x',
    });
    expect(problem).toMatch(/^EVENTSTORE_CONNECTION_STRING has an invalid value/);
    expect(problem).not.toContain('hunter2');
  });

  it.each([
    [
      'HOTSWAP_MODE',
      'staging',
      /^HOTSWAP_MODE is 'staging': expected one of development, production, test$/,
    ],
    ['NATS_URL', 'http://nats:4222', /^NATS_URL has scheme 'http'/],
    ['REDIS_URL', 'nats://redis:6379', /^REDIS_URL has scheme 'nats'/],
    ['HOTSWAP_REDIS_COMMAND_TIMEOUT_MS', '0', /^HOTSWAP_REDIS_COMMAND_TIMEOUT_MS /],
    [
      'HOTSWAP_EVENT_STORE',
      'postgres',
      /^HOTSWAP_EVENT_STORE is 'postgres': expected one of jetstream, eventstoredb$/,
    ],
    ['HOTSWAP_JETSTREAM_STREAM', 'has.dot', /^HOTSWAP_JETSTREAM_STREAM is 'has.dot'/],
    ['HOTSWAP_JETSTREAM_SUBJECT_PREFIX', 'es.>', /^HOTSWAP_JETSTREAM_SUBJECT_PREFIX is 'es.>'/],
    ['HOTSWAP_HOST', 'two words', /^HOTSWAP_HOST is 'two words'/],
    [
      'HOTSWAP_GATEWAY_PORT',
      'abc',
      /^HOTSWAP_GATEWAY_PORT is 'abc': expected an integer from 0 to 65535$/,
    ],
    ['HOTSWAP_GATEWAY_PORT', '70000', /^HOTSWAP_GATEWAY_PORT is '70000'/],
    [
      'HOTSWAP_LOG_LEVEL',
      'verbose',
      /^HOTSWAP_LOG_LEVEL is 'verbose': expected one of fatal, error, warn, info, debug, trace$/,
    ],
    ['HOTSWAP_INSTANCE_ID', 'a b', /^HOTSWAP_INSTANCE_ID is 'a b'/],
    ['HOTSWAP_NATS_SIGNING_KEY', 'abc', /^HOTSWAP_NATS_SIGNING_KEY has an invalid value/],
    [
      'HOTSWAP_SHUTDOWN_TIMEOUT_MS',
      'soon',
      /^HOTSWAP_SHUTDOWN_TIMEOUT_MS is 'soon': expected an integer from 100 to 600000$/,
    ],
  ])('names %s when it is %p', (variable, value, message) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('lists every invalid variable in one error message', () => {
    expect(() =>
      loadConfig('gateway', { env: { HOTSWAP_GATEWAY_PORT: 'abc', HOTSWAP_LOG_LEVEL: 'loud' } }),
    ).toThrow(
      /gateway cannot start: invalid configuration\n {2}- HOTSWAP_GATEWAY_PORT is 'abc'.*\n {2}- HOTSWAP_LOG_LEVEL is 'loud'/,
    );
  });
});
