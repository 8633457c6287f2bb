import type { NodeEvent } from '@hotswap/contracts';

/** What a node runs: module name → installed version (absent when not installed). */
export interface NodeState {
  readonly modules: Readonly<Record<string, string>>;
}

export const initialNodeState = (): NodeState => ({ modules: {} });

export function installedVersion(state: NodeState, moduleName: string): string | null {
  return Object.hasOwn(state.modules, moduleName) ? state.modules[moduleName]! : null;
}

export function evolveNode(state: NodeState, event: NodeEvent): NodeState {
  switch (event.type) {
    case 'ModuleInstalled':
      return withVersion(state, event.data.moduleName, event.data.version);
    case 'ModuleRolledBack':
      return withVersion(state, event.data.moduleName, event.data.version);
  }
}

function withVersion(state: NodeState, moduleName: string, version: string | null): NodeState {
  const { [moduleName]: _replaced, ...others } = state.modules;
  return { modules: version === null ? others : { ...others, [moduleName]: version } };
}
