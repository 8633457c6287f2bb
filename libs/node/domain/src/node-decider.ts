import type { NodeEvent } from '@hotswap/contracts';
import type { Decider } from '@hotswap/event-sourcing';
import type { NodeModuleCommand } from './node-commands.js';
import { evolveNode, initialNodeState, installedVersion, type NodeState } from './node-state.js';

/**
 * A node's module history (stream `node-<nodeId>`). Asking for the version a node already runs
 * decides nothing: that is what makes a retried or repeated command harmless.
 */
export function decideNode(command: NodeModuleCommand, state: NodeState): NodeEvent[] {
  const current = installedVersion(state, command.moduleName);
  if (current === command.version) return [];
  switch (command.type) {
    case 'InstallModule':
      return [
        {
          type: 'ModuleInstalled',
          data: {
            nodeId: command.nodeId,
            moduleName: command.moduleName,
            version: command.version,
            previousVersion: current,
            installedAt: command.at,
          },
        },
      ];
    case 'RollBackModule':
      return [
        {
          type: 'ModuleRolledBack',
          data: {
            nodeId: command.nodeId,
            moduleName: command.moduleName,
            from: current,
            version: command.version,
            rolledBackAt: command.at,
          },
        },
      ];
  }
}

export const nodeDecider: Decider<NodeModuleCommand, NodeEvent, NodeState> = {
  decide: decideNode,
  evolve: evolveNode,
  initialState: initialNodeState,
};
