import type { NodeEvent } from '@hotswap/contracts';

/**
 * What a node runs: per module, the version on the active slot (what serves; absent when not
 * installed) and, for Blue-Green, the version on the standby slot.
 */
export interface NodeState {
  readonly modules: Readonly<Record<string, string>>;
  readonly standby: Readonly<Record<string, string>>;
}

export const initialNodeState = (): NodeState => ({ modules: {}, standby: {} });

export function installedVersion(state: NodeState, moduleName: string): string | null {
  return Object.hasOwn(state.modules, moduleName) ? state.modules[moduleName]! : null;
}

export function standbyVersion(state: NodeState, moduleName: string): string | null {
  return Object.hasOwn(state.standby, moduleName) ? state.standby[moduleName]! : null;
}

export function evolveNode(state: NodeState, event: NodeEvent): NodeState {
  switch (event.type) {
    case 'ModuleInstalled':
      return {
        ...state,
        modules: withVersion(state.modules, event.data.moduleName, event.data.version),
      };
    case 'ModuleRolledBack':
      return {
        ...state,
        modules: withVersion(state.modules, event.data.moduleName, event.data.version),
      };
    case 'ModuleStaged':
      return {
        ...state,
        standby: withVersion(state.standby, event.data.moduleName, event.data.version),
      };
    case 'TrafficSwitched': {
      const { moduleName, from, to } = event.data;
      return {
        modules: withVersion(state.modules, moduleName, to),
        standby: withVersion(state.standby, moduleName, from),
      };
    }
    case 'StandbyReleased':
      return { ...state, standby: withVersion(state.standby, event.data.moduleName, null) };
  }
}

function withVersion(
  slots: Readonly<Record<string, string>>,
  moduleName: string,
  version: string | null,
): Readonly<Record<string, string>> {
  const { [moduleName]: _replaced, ...others } = slots;
  return version === null ? others : { ...others, [moduleName]: version };
}
