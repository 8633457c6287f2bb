import { ENVIRONMENTS, type Environment, type QueryNodeMetrics } from '@hotswap/contracts';
import { FieldReader } from '@hotswap/messaging';
import { FieldChecks, type Parsed } from './field-checks.js';

export const MAX_NODES_PER_QUERY = 500;
export const MAX_SAMPLES_PER_NODE = 100;
/** How many unknown node ids a refusal lists (a query may name 500). */
const UNKNOWN_LISTED = 20;

/**
 * Checks a QueryNodeMetrics: every node must be one of `environment` (as `environmentOf` says),
 * named once, and the window must not end before it starts.
 */
export function parseQueryNodeMetrics(
  payload: unknown,
  environmentOf: (nodeId: string) => Environment | undefined,
): Parsed<QueryNodeMetrics> {
  const fields = new FieldReader(payload);
  const checks = new FieldChecks(payload, fields);
  const environment = fields.oneOf('environment', ENVIRONMENTS);
  const environmentValid = fields.result(environment).ok; // the only field read so far
  const nodeIds = checks.stringList('nodeIds', { min: 1, max: MAX_NODES_PER_QUERY });
  if (environmentValid) {
    const unknown = nodeIds.filter((nodeId) => environmentOf(nodeId) !== environment);
    if (unknown.length > 0) {
      const listed = unknown.slice(0, UNKNOWN_LISTED).join(', ');
      const more =
        unknown.length > UNKNOWN_LISTED ? ` and ${unknown.length - UNKNOWN_LISTED} more` : '';
      checks.problem(
        'nodeIds',
        `must be nodes of the ${environment} cluster; unknown: ${listed}${more}`,
      );
    }
  }
  const seen = new Set<string>();
  const repeated = nodeIds.find((nodeId) => seen.size === seen.add(nodeId).size);
  if (repeated !== undefined) checks.problem('nodeIds', `names ${repeated} more than once`);
  const from = checks.timestamp('from');
  const to = checks.timestamp('to');
  if (from !== '' && to !== '' && Date.parse(from) > Date.parse(to)) {
    checks.problem('to', 'must not be before from');
  }
  const minSamplesPerNode = checks.integer('minSamplesPerNode', {
    min: 0,
    max: MAX_SAMPLES_PER_NODE,
  });
  return checks.result({ environment, nodeIds, from, to, minSamplesPerNode });
}
