import { nodeIds, type Environment } from '@hotswap/contracts';
import { parseQueryNodeMetrics } from './query-node-metrics-payload.js';

const cluster = new Map<string, Environment>([
  ...nodeIds('Production', 20).map((id) => [id, 'Production'] as const),
  ...nodeIds('QA', 5).map((id) => [id, 'QA'] as const),
]);
const parse = (payload: unknown) => parseQueryNodeMetrics(payload, (id) => cluster.get(id));
const valid = {
  environment: 'Production',
  nodeIds: ['production-01', 'production-02'],
  from: '2026-11-23T10:00:00.000Z',
  to: '2026-11-23T10:05:00.000Z',
  minSamplesPerNode: 5,
};
const problemsOf = (payload: unknown) => {
  const parsed = parse(payload);
  if (parsed.ok) throw new Error('expected a refusal');
  expect(parsed.error.code).toBe('VALIDATION_FAILED');
  return parsed.error.fields ?? {};
};

describe('a QueryNodeMetrics payload', () => {
  it('is accepted as given', () => {
    expect(parse(valid)).toEqual({ ok: true, value: valid });
    const instant = { ...valid, from: '2026-11-23T12:00+02:00', to: '2026-11-23T10:00:00Z' };
    expect(parse({ ...instant, minSamplesPerNode: 0 }).ok).toBe(true);
  });

  it('names every bad field at once', () => {
    expect(problemsOf({})).toEqual({
      environment: 'is required',
      nodeIds: 'is required',
      from: 'is required',
      to: 'is required',
      minSamplesPerNode: 'is required',
    });
    expect(
      problemsOf({
        ...valid,
        from: '23/11/2026',
        to: '2026-11-23T10:05:00',
        minSamplesPerNode: 2.5,
      }),
    ).toEqual({
      from: expect.stringContaining('ISO-8601') as string,
      to: expect.stringContaining('time zone') as string,
      minSamplesPerNode: 'must be a whole number from 0 to 100',
    });
    expect(problemsOf({ ...valid, minSamplesPerNode: 101 })).toHaveProperty('minSamplesPerNode');
  });

  it('asks for 1 to 500 nodes, each once', () => {
    expect(problemsOf({ ...valid, nodeIds: [] })).toEqual({
      nodeIds: 'must be a list of 1 to 500 non-empty strings',
    });
    expect(problemsOf({ ...valid, nodeIds: Array(501).fill('production-01') })).toHaveProperty(
      'nodeIds',
    );
    expect(problemsOf({ ...valid, nodeIds: ['production-01', 7] })).toHaveProperty('nodeIds');
    expect(problemsOf({ ...valid, nodeIds: ['production-01', 'production-01'] })).toEqual({
      nodeIds: 'names production-01 more than once',
    });
  });

  it('names the nodes that are not in the environment', () => {
    expect(
      problemsOf({ ...valid, nodeIds: ['production-01', 'qa-01', 'production-21', 'x'] }),
    ).toEqual({
      nodeIds: 'must be nodes of the Production cluster; unknown: qa-01, production-21, x',
    });
    const many = Array.from({ length: 30 }, (_, i) => `ghost-${i}`);
    expect(problemsOf({ ...valid, nodeIds: many }).nodeIds).toMatch(/ghost-19 and 10 more$/);
  });

  it('refuses a window that ends before it starts', () => {
    expect(problemsOf({ ...valid, from: valid.to, to: valid.from })).toEqual({
      to: 'must not be before from',
    });
  });
});
