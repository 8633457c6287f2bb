import type { NodeEvent } from '@hotswap/contracts';
import { DomainRuleViolated, type Decider } from '@hotswap/decider';
import type { NodeCommand, UndoInstall } from './node-commands.js';
import {
  evolveNode,
  initialNodeState,
  installedVersion,
  isCancelled,
  lastInstall,
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
      if (isCancelled(state, command.installId)) {
        throw new DomainRuleViolated(
          'install-not-cancelled',
          `Installing ${moduleName} ${command.version} on ${nodeId} (${command.installId}) was undone before it happened: the rollout it belonged to turned back`,
        );
      }
      if (active === command.version) return [];
      return [
        {
          type: 'ModuleInstalled',
          data: {
            nodeId,
            moduleName,
            version: command.version,
            previousVersion: active,
            installId: command.installId,
            installedAt: command.at,
          },
        },
      ];
    case 'UndoInstall':
      return undoInstall(command, state);
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

/**
 * The install happened if it is the module's last one: then, if the node still runs its version,
 * the version it replaced goes back (if another version runs since, there is nothing to undo).
 * If it did not happen (yet), it is cancelled, so a late one changes nothing. An install that
 * was replaced by a later one is cancelled too: harmless, as a retry of it is answered from the
 * stream (the command handler) and never decided again.
 */
function undoInstall(command: UndoInstall, state: NodeState): NodeEvent[] {
  const { nodeId, moduleName, installId, at } = command;
  if (isCancelled(state, installId)) return [];
  const last = lastInstall(state, moduleName);
  const active = installedVersion(state, moduleName);
  if (last?.installId === installId) {
    if (active !== last.version) return [];
    return [
      {
        type: 'ModuleRolledBack',
        data: { nodeId, moduleName, from: active, version: last.previousVersion, rolledBackAt: at },
      },
    ];
  }
  return [
    {
      type: 'InstallCancelled',
      data: { nodeId, moduleName, version: command.version, installId, cancelledAt: at },
    },
  ];
}

export const nodeDecider: Decider<NodeCommand, NodeEvent, NodeState> = {
  decide: decideNode,
  evolve: evolveNode,
  initialState: initialNodeState,
};
