import {
  DEFAULT_CLUSTER_SIZES,
  nodeIds,
  SUBJECTS,
  type QueryNodeMetrics,
  type QueryNodeMetricsReply,
} from '@hotswap/contracts';
import { sendCommand } from '@hotswap/messaging';
import { eventually } from '@hotswap/testing';
import { FaultCommands, injectFaultCommand } from '../../test/fault-commands.js';
import { NodeAgentFixture, testSettings } from '../../test/node-agent-fixture.js';
import { NodeReadings } from '../telemetry/node-readings.js';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('querying the metrics of nodes', () => {
  let fixture: NodeAgentFixture;
  const clusterSizes = { ...DEFAULT_CLUSTER_SIZES, Production: 500 };
  beforeAll(async () => {
    // One telemetry round, at start: the readings then change only through queries.
    fixture = await NodeAgentFixture.start(
      testSettings({ clusterSizes, telemetryIntervalMs: 3_600_000 }),
    );
    const readings = fixture.agent.app.get(NodeReadings);
    const everyNode = [...nodeIds('QA', clusterSizes.QA), ...nodeIds('Production', 500)];
    await eventually(
      () => everyNode.every((nodeId) => readings.recorded(nodeId, 0, Date.now()).length > 0),
      { what: 'the first telemetry round' },
    );
  });
  afterAll(async () => {
    await fixture?.stop();
  });

  const query = async (overrides: Partial<QueryNodeMetrics>) => {
    const reply = await sendCommand<QueryNodeMetricsReply>(
      fixture.client,
      SUBJECTS.queryNodeMetrics,
      {
        environment: 'QA',
        nodeIds: ['qa-01', 'qa-02'],
        from: iso(Date.now() - HOUR),
        to: iso(Date.now()),
        minSamplesPerNode: 0,
        ...overrides,
      },
    );
    if (!reply.ok) throw new Error(reply.error.message);
    return reply;
  };
  const samplesOf = (reply: { nodes: { nodeId: string; samples: unknown[] }[] }) =>
    Object.fromEntries(reply.nodes.map(({ nodeId, samples }) => [nodeId, samples]));

  it('answers the readings in the window, and reads a node again until it has the minimum', async () => {
    const start = Date.now() + 1;
    const window = { from: iso(start), to: iso(start + HOUR) };

    // Before the window: the readings published at start-up, one per node.
    const published = await query({ from: iso(start - HOUR), to: iso(start - 1) });
    expect(published.environment).toBe('QA');
    expect(published.nodes.map((n) => [n.nodeId, n.samples.length])).toEqual([
      ['qa-01', 1],
      ['qa-02', 1],
    ]);

    // Nothing in the window yet: three fresh readings each, recorded.
    const first = await query({ ...window, minSamplesPerNode: 3 });
    for (const { samples } of first.nodes) {
      expect(samples).toHaveLength(3);
      for (const sample of samples) {
        expect(Date.parse(sample.at)).toBeGreaterThanOrEqual(start);
        expect(Object.keys(sample).sort()).toEqual(
          ['at', 'cpuPercent', 'errorRate', 'latencyMs', 'memoryPercent'].sort(),
        );
      }
    }
    // Enough already: the same readings, nothing new.
    expect(await query({ ...window, minSamplesPerNode: 2 })).toEqual(first);
    expect(await query({ ...window, minSamplesPerNode: 0 })).toEqual(first);
    // More asked for: the earlier ones and two new ones.
    const more = samplesOf(await query({ ...window, minSamplesPerNode: 5 }));
    expect(more['qa-01']).toHaveLength(5);
    expect(more['qa-01']!.slice(0, 3)).toEqual(samplesOf(first)['qa-01']);
    // The start-up readings are still outside the window; the new ones outside the old window.
    expect(samplesOf(await query({ from: iso(start - HOUR), to: iso(start - 1) }))).toEqual(
      samplesOf(published),
    );
  });

  it('answers fresh readings for a window with none, even a window in the past', async () => {
    const past = { from: '2020-01-01T00:00:00.000Z', to: '2020-01-01T01:00:00.000Z' };
    const before = Date.now();
    const reply = await query({ ...past, nodeIds: ['qa-03'], minSamplesPerNode: 2 });
    expect(reply.nodes[0]!.samples).toHaveLength(2);
    for (const sample of reply.nodes[0]!.samples) {
      expect(Date.parse(sample.at)).toBeGreaterThanOrEqual(before - 1);
    }
    expect((await query({ ...past, nodeIds: ['qa-03'] })).nodes[0]!.samples).toEqual([]);
  });

  it('names the nodes that are not in the environment, and every other bad field', async () => {
    const reply = await sendCommand<QueryNodeMetricsReply>(
      fixture.client,
      SUBJECTS.queryNodeMetrics,
      {
        environment: 'QA',
        nodeIds: ['qa-01', 'qa-06', 'production-01'],
        from: iso(Date.now()),
        to: iso(Date.now() - 1_000),
        minSamplesPerNode: 101,
      },
    );
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String) as string,
        fields: {
          nodeIds: 'must be nodes of the QA cluster; unknown: qa-06, production-01',
          to: 'must not be before from',
          minSamplesPerNode: 'must be a whole number from 0 to 100',
        },
      },
    });
  });

  /** Five queries of 500 nodes × 5 fresh readings: the store reads each made. */
  const fiveQueries = async () => {
    const production = nodeIds('Production', 500);
    const reads = jest.spyOn(fixture.store, 'readStream');
    const readCounts: number[] = [];
    try {
      for (let round = 0; round < 5; round++) {
        // A window without readings: every node is read five times, now.
        const to = Date.UTC(2020, 0, 1, 0, round);
        reads.mockClear();
        const reply = await query({
          environment: 'Production',
          nodeIds: production,
          from: iso(to - 60_000),
          to: iso(to),
          minSamplesPerNode: 5,
        });
        readCounts.push(reads.mock.calls.length);
        expect(reply.nodes).toHaveLength(500);
        expect(reply.nodes.every((node) => node.samples.length === 5)).toBe(true);
      }
    } finally {
      reads.mockRestore();
    }
    return { readCounts };
  };

  // How long a query takes is for the benchmarks (bench/canary.bench.ts), not for a test on a
  // loaded machine: what keeps it fast is how many stream reads a query makes, counted here.
  it('reads 500 nodes five times each, reading only the faults', async () => {
    const { readCounts } = await fiveQueries();
    expect(readCounts).toEqual([1, 1, 1, 1, 1]);
  });

  it('catches each node up once per query when a fault may apply to it, never once per sample', async () => {
    const faults = new FaultCommands(fixture.client);
    expect(await faults.inject(injectFaultCommand({ environment: 'Production' }))).toMatchObject({
      ok: true,
    });
    const { readCounts } = await fiveQueries();
    expect(readCounts).toEqual([501, 501, 501, 501, 501]);
  });
});
