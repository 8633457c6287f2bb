/**
 * The container setup agrees with the code: docker-compose.yml, deploy/Dockerfile and
 * deploy/prometheus.yml against SERVICES (libs/contracts) and the variables libs/config reads.
 * Files are read as text: nothing here needs a Docker engine. Where a compose CLI is installed,
 * `docker compose config -q` validates the file as Docker itself reads it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SERVICES } from '@hotswap/contracts';

const ROOT = path.resolve(__dirname, '..');

type KeyValues = Record<string, string | number | boolean | null> | string[];
interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: KeyValues };
  command?: string | string[];
  environment?: KeyValues;
  ports?: (string | number | { target: number })[];
  expose?: (string | number)[];
  healthcheck?: { test?: string | string[] };
  depends_on?: string[] | Record<string, unknown>;
  volumes?: (string | { source?: string; target: string })[];
}
interface PrometheusConfig {
  scrape_configs?: {
    job_name: string;
    metrics_path?: string;
    static_configs?: { targets?: string[] }[];
  }[];
}

const readText = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');
// Compose merges `<<: *anchor` (YAML 1.1 merge keys); read the file the same way.
const compose = parse(readText('docker-compose.yml'), { merge: true }) as {
  services?: Record<string, ComposeService>;
};
const composeServices = compose.services ?? {};
const prometheus = parse(readText('deploy/prometheus.yml')) as PrometheusConfig;
const dockerfile = readText('deploy/Dockerfile');

/** Compose accepts `KEY: value` maps and `KEY=value` lists for environment and build args. */
function keyValues(values: KeyValues | undefined): Record<string, string> {
  if (values === undefined) return {};
  if (Array.isArray(values)) {
    return Object.fromEntries(
      values.map((entry) => [entry.split('=')[0] ?? '', entry.split('=').slice(1).join('=')]),
    );
  }
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

const environmentOf = (service: ComposeService): Record<string, string> =>
  keyValues(service.environment);

/** Container ports a service opens to others: `expose` plus the container side of `ports`. */
function containerPorts(service: ComposeService): number[] {
  const published = (service.ports ?? []).map((port) =>
    typeof port === 'object' ? port.target : Number(String(port).split(':').pop()?.split('/')[0]),
  );
  return [...(service.expose ?? []).map(Number), ...published];
}

const dependencies = (service: ComposeService): string[] =>
  Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});

function service(name: string): ComposeService {
  const found = composeServices[name];
  if (!found) throw new Error(`docker-compose.yml has no service '${name}'`);
  return found;
}

/** Where each connection variable must point: a compose service running this image, on this port. */
const CONNECTIONS = [
  { variable: 'NATS_URL', protocol: 'nats:', image: /^nats:/, port: 4222 },
  { variable: 'REDIS_URL', protocol: 'redis:', image: /^redis:/, port: 6379 },
  {
    variable: 'EVENTSTORE_CONNECTION_STRING',
    protocol: 'esdb:',
    image: /^eventstore\/eventstore:/,
    port: 2113,
  },
  {
    variable: 'OTEL_EXPORTER_OTLP_ENDPOINT',
    protocol: 'http:',
    image: /^jaegertracing\//,
    port: 4318,
  },
] as const;

/** The variables libs/config reads, collected from its source text (it is not imported here). */
function configVariables(): Set<string> {
  const sourceDir = path.join(ROOT, 'libs/config/src');
  const files = existsSync(sourceDir)
    ? readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter((file) =>
        /(?<!\.spec)\.ts$/.test(file),
      )
    : [];
  if (files.length === 0) {
    throw new Error(
      `No configuration source found under ${sourceDir}: cannot tell which variables the services read`,
    );
  }
  const literal = /['"`](HOTSWAP_[A-Z0-9_]+|NATS_URL|REDIS_URL|EVENTSTORE_CONNECTION_STRING)['"`]/g;
  const names = files.flatMap((file) =>
    [...readFileSync(path.join(sourceDir, file), 'utf8').matchAll(literal)].map(
      (match) => match[1] ?? '',
    ),
  );
  return new Set([...names, ...SERVICES.map((definition) => definition.portVariable)]);
}

describe('docker-compose.yml', () => {
  it.each(SERVICES.map((definition) => [definition.name, definition] as const))(
    '%s is built from deploy/Dockerfile and listens where it says',
    (name, definition) => {
      const composed = service(name);
      const build = composed.build;
      expect(typeof build).toBe('object');
      if (typeof build !== 'object') return;
      expect(path.resolve(ROOT, build.context ?? '.')).toBe(ROOT);
      expect(path.normalize(build.dockerfile ?? 'Dockerfile')).toBe(
        path.normalize('deploy/Dockerfile'),
      );
      expect(keyValues(build.args)['SERVICE']).toBe(name);

      const environment = environmentOf(composed);
      const port = Number(environment[definition.portVariable]);
      expect(Number.isInteger(port) && port > 0).toBe(true);
      expect(containerPorts(composed)).toContain(port);
      const healthcheck = [composed.healthcheck?.test ?? []].flat().join(' ');
      expect(healthcheck).toContain(`:${port}/health/ready`);
      expect(environment['HOTSWAP_HOST']).toBe('0.0.0.0');
      expect(environment['HOTSWAP_EVENT_STORE']).toBe('eventstoredb');
      // Only the gateway is reached from outside; the others talk over NATS.
      if (name !== 'gateway') expect(composed.ports ?? []).toEqual([]);
    },
  );

  it.each(
    SERVICES.flatMap((definition) =>
      CONNECTIONS.map((connection) => [definition.name, connection.variable, connection] as const),
    ),
  )('%s: %s points at a compose service running the right image', (name, _variable, connection) => {
    const composed = service(name);
    const value = environmentOf(composed)[connection.variable];
    expect(value).toBeDefined();
    const url = new URL(value ?? '');
    expect(url.protocol).toBe(connection.protocol);
    expect(service(url.hostname).image).toMatch(connection.image);
    expect(Number(url.port)).toBe(connection.port);
    expect(dependencies(composed)).toContain(url.hostname);
  });

  it('runs the infrastructure: NATS with JetStream, EventStoreDB, Redis, Jaeger, Prometheus', () => {
    expect(service('nats').image).toMatch(/^nats:/);
    expect([service('nats').command ?? []].flat().join(' ').split(/\s+/)).toContain('-js');
    expect(service('eventstore').image).toMatch(/^eventstore\/eventstore:/);
    expect(service('redis').image).toMatch(/^redis:7/);
    expect(service('jaeger').image).toMatch(/^jaegertracing\//);
    expect(service('prometheus').image).toMatch(/^prom\/prometheus:/);
    const mounts = (service('prometheus').volumes ?? []).map((volume) =>
      typeof volume === 'string'
        ? volume.split(':').slice(0, 2).join(':')
        : `${volume.source}:${volume.target}`,
    );
    expect(mounts).toContain('./deploy/prometheus.yml:/etc/prometheus/prometheus.yml');
  });

  it('sets only variables that the configuration reads', () => {
    const known = configVariables();
    // OTEL_* are the OpenTelemetry SDK's own variables, read by the SDK rather than libs/config.
    const unknown = SERVICES.flatMap((definition) =>
      Object.keys(environmentOf(service(definition.name)))
        .filter((variable) => !known.has(variable) && !variable.startsWith('OTEL_'))
        .map((variable) => `${definition.name}: ${variable}`),
    );
    expect(unknown).toEqual([]);
  });

  it('builds only services that exist in services/', () => {
    const built = Object.values(composeServices).flatMap((composed) =>
      typeof composed.build === 'object' ? [keyValues(composed.build.args)['SERVICE'] ?? ''] : [],
    );
    expect(built.length).toBeGreaterThanOrEqual(SERVICES.length);
    const missing = built.filter(
      (name) => !existsSync(path.join(ROOT, 'services', name, 'package.json')),
    );
    expect(missing).toEqual([]);
  });

  it('is valid for the compose CLI, where one is installed', () => {
    const candidates = [
      { command: 'docker', prefix: ['compose'] },
      { command: 'docker-compose', prefix: [] },
    ];
    const cli = candidates.find(
      ({ command, prefix }) =>
        spawnSync(command, [...prefix, 'version'], { stdio: 'ignore' }).status === 0,
    );
    if (!cli) {
      console.log(
        'Skipped `docker compose config -q`: neither the docker compose plugin nor docker-compose is installed',
      );
      return;
    }
    const result = spawnSync(
      cli.command,
      [...cli.prefix, '-f', 'docker-compose.yml', 'config', '-q'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('deploy/prometheus.yml', () => {
  it.each(SERVICES.map((definition) => [definition.name, definition] as const))(
    'scrapes /metrics of %s where compose runs it',
    (name, definition) => {
      const target = `${name}:${environmentOf(service(name))[definition.portVariable]}`;
      const paths = (prometheus.scrape_configs ?? [])
        .filter((job) =>
          (job.static_configs ?? []).some((group) => (group.targets ?? []).includes(target)),
        )
        .map((job) => job.metrics_path ?? '/metrics');
      expect(paths).toEqual(['/metrics']);
    },
  );
});

describe('deploy/Dockerfile', () => {
  const stages = dockerfile.split(/^FROM\s/m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('builds every workspace with the lock file and tsc -b', () => {
    expect(stages.length).toBeGreaterThan(1);
    for (const stage of stages) expect(stage).toMatch(/^(node:20-bookworm-slim|base)\b/);
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toContain('npx tsc -b tsconfig.build.json');
    expect(dockerfile).toContain('--omit=dev');
  });

  it('keeps the compiled output of every workspace package, the domain libraries too', () => {
    const loop = /for pkg in ([^;]+); do/.exec(dockerfile)?.[1]?.split(/\s+/) ?? [];
    const workspaces = (
      JSON.parse(readText('package.json')) as { workspaces: string[] }
    ).workspaces.filter((pattern) => !pattern.startsWith('tools'));
    expect(loop).toEqual(expect.arrayContaining(workspaces));
  });

  it('runs the service chosen by the build arg SERVICE, as a user other than root', () => {
    expect(runtime).toMatch(/^ARG SERVICE\b/m);
    expect(runtime).toMatch(/^CMD .*services\/\$\{SERVICE\}\/dist\/main\.js/m);
    const users = [...runtime.matchAll(/^USER\s+(\S+)/gm)].map((match) => match[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });
});
