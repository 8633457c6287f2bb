import type { NodeEvent } from '@hotswap/contracts';

/**
 * What a node runs: per module, the version on the active slot (what serves; absent when not
 * installed) and, for Blue-Green, the version on the standby slot.
 */
export interface NodeState {
  readonly modules: Readonly<Record<string, string>>;
  readonly standby: Readonly<Record<string, string>>;
  /** Per module, its last install (that recorded its id): what undoing it puts back. */
  readonly lastInstalls?: Readonly<Record<string, LastInstall>>;
  /** Installs undone before they happened (InstallCancelled): refused if they come. */
  readonly cancelledInstalls?: Readonly<Record<string, true>>;
}

export interface LastInstall {
  readonly installId: string;
  readonly version: string;
  readonly previousVersion: string | null;
}

export const initialNodeState = (): NodeState => ({ modules: {}, standby: {} });

export function lastInstall(state: NodeState, moduleName: string): LastInstall | undefined {
  const installs = state.lastInstalls ?? {};
  return Object.hasOwn(installs, moduleName) ? installs[moduleName] : undefined;
}

export function isCancelled(state: NodeState, installId: string): boolean {
  return Object.hasOwn(state.cancelledInstalls ?? {}, installId);
}

export function installedVersion(state: NodeState, moduleName: string): string | null {
  return Object.hasOwn(state.modules, moduleName) ? state.modules[moduleName]! : null;
}

export function standbyVersion(state: NodeState, moduleName: string): string | null {
  return Object.hasOwn(state.standby, moduleName) ? state.standby[moduleName]! : null;
}

export function evolveNode(state: NodeState, event: NodeEvent): NodeState {
  switch (event.type) {
    case 'ModuleInstalled': {
      const { moduleName, version, previousVersion, installId } = event.data;
      const installed = { ...state, modules: withVersion(state.modules, moduleName, version) };
      if (installId === undefined) return installed;
      const last: LastInstall = { installId, version, previousVersion };
      return { ...installed, lastInstalls: { ...state.lastInstalls, [moduleName]: last } };
    }
    case 'InstallCancelled':
      return {
        ...state,
        cancelledInstalls: { ...state.cancelledInstalls, [event.data.installId]: true },
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
