import type { CommandError, Environment } from '@hotswap/contracts';
import type { Nodes } from './nodes.js';

/**
 * Node commands arrive on the node's own subject, `hotswap.node.<environment>.<nodeId>.<command>`,
 * and name the node again in the payload: both must agree, and the node must be one this agent
 * hosts in that environment.
 */
export function addressedNode(
  nodes: Nodes,
  subject: string,
  payloadNodeId: string,
): { ok: true; nodeId: string; environment: Environment } | { ok: false; error: CommandError } {
  const [, , environment, nodeId] = subject.split('.');
  if (nodeId !== payloadNodeId) {
    return {
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: `The command names node '${payloadNodeId}' but was sent to node '${String(nodeId)}'`,
        fields: { nodeId: `must be '${String(nodeId)}', the node of the subject` },
      },
    };
  }
  const hostedIn = nodes.environmentOf(nodeId);
  if (hostedIn === undefined || hostedIn !== environment) {
    return {
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: `No node '${nodeId}' in the ${String(environment)} cluster`,
      },
    };
  }
  return { ok: true, nodeId, environment: hostedIn };
}
