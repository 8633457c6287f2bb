import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Loading a domain library loads no infrastructure (issue 13 §2): each domain library's built
 * index is required in a fresh node process, which then lists the infrastructure packages that
 * ended up in require.cache. Built output is what a service loads; run `npm run build` first
 * (npm test does).
 */
const root = path.resolve(__dirname, '../../..');
const domainLibraries = [
  'libs/decider',
  'libs/deployment/domain',
  'libs/rollout/domain',
  'libs/node/domain',
  'libs/approval/domain',
  'libs/canary-analysis',
];
const infrastructure = ['nats', 'ioredis', '@eventstore/db-client', '@nestjs/'];

const loadedInfrastructure = (library: string): string[] => {
  const script = `
    require(${JSON.stringify(path.join(root, library, 'dist/index.js'))});
    const infrastructure = ${JSON.stringify(infrastructure)};
    const loaded = Object.keys(require.cache)
      .filter((file) => file.includes('/node_modules/'))
      .map((file) => file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length))
      .filter((file) => infrastructure.some((name) => file.startsWith(name.endsWith('/') ? name : name + '/')));
    process.stdout.write(JSON.stringify([...new Set(loaded)]));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }),
  ) as string[];
};

describe('a domain library loads no infrastructure', () => {
  it.each(domainLibraries)('%s loads none of nats, ioredis, EventStoreDB or NestJS', (library) => {
    expect(loadedInfrastructure(library)).toEqual([]);
  });

  it('the check sees infrastructure when it is loaded (libs/event-store loads nats)', () => {
    expect(loadedInfrastructure('libs/event-store').length).toBeGreaterThan(0);
  });
});
