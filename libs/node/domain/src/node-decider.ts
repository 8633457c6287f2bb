import type { NodeEvent } from '@hotswap/contracts';
import { DomainRuleViolated, type Decider } from '@hotswap/event-sourcing';
import type { NodeCommand } from './node-commands.js';
import {
  evolveNode,
  initialNodeState,
  installedVersion,
  standbyVersion,
  type NodeState,
} from './node-state.js';

/**
 * A node's module history (stream `node-<nodeId>`). Asking for what is already so (the version a
 * node already runs, a switch already made, a slot already empty) decides nothing: that is what
 * makes a retried or repeated command harmless.
 */
export function decideNode(command: NodeCommand, state: NodeState): NodeEvent[] {
  const { nodeId, moduleName } = command;
  const active = installedVersion(state, moduleName);
  const standby = standbyVersion(state, moduleName);
  switch (command.type) {
    case 'InstallModule':
      if (active === command.version) return [];
      return [
        {
          type: 'ModuleInstalled',
          data: {
            nodeId,
            moduleName,
            version: command.version,
            previousVersion: active,
            installedAt: command.at,
          },
        },
      ];
    case 'RollBackModule':
      if (active === command.version) return [];
      return [
        {
          type: 'ModuleRolledBack',
          data: {
            nodeId,
            moduleName,
            from: active,
            version: command.version,
            rolledBackAt: command.at,
          },
        },
      ];
    case 'StageModule':
      if (standby === command.version) return [];
      return [
        {
          type: 'ModuleStaged',
          data: {
            nodeId,
            moduleName,
            version: command.version,
            replaced: standby,
            stagedAt: command.at,
          },
        },
      ];
    case 'SwitchTraffic':
      if (active === command.version) return [];
      if (standby !== command.version) {
        throw new DomainRuleViolated(
          'switch-to-standby',
          `Node ${nodeId} has ${standby ?? 'nothing'} of ${moduleName} on standby, not ${command.version}: stage it first`,
        );
      }
      return [
        {
          type: 'TrafficSwitched',
          data: { nodeId, moduleName, from: active, to: command.version, switchedAt: command.at },
        },
      ];
    case 'ReleaseStandby':
      if (standby !== command.version) return [];
      return [
        {
          type: 'StandbyReleased',
          data: { nodeId, moduleName, version: command.version, releasedAt: command.at },
        },
      ];
  }
}

export const nodeDecider: Decider<NodeCommand, NodeEvent, NodeState> = {
  decide: decideNode,
  evolve: evolveNode,
  initialState: initialNodeState,
};
