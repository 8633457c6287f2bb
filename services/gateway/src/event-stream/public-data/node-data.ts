import type { NodeEvent } from '@hotswap/contracts';
import type { PublicMappers } from './public-mappers.js';

/**
 * The public `data` of each event of a node's module history (category `node`). A version of
 * null means the module is not installed (or the slot is empty).
 */
export interface PublicNodeData {
  readonly ModuleInstalled: {
    readonly nodeId: string;
    readonly moduleName: string;
    readonly version: string;
    readonly previousVersion: string | null;
  };
  readonly ModuleRolledBack: {
    readonly nodeId: string;
    readonly moduleName: string;
    /** The version it ran, and the one it runs now. */
    readonly fromVersion: string | null;
    readonly version: string | null;
  };
  /** Blue-Green: `version` put on the standby slot, replacing `replacedVersion`; traffic unchanged. */
  readonly ModuleStaged: {
    readonly nodeId: string;
    readonly moduleName: string;
    readonly version: string;
    readonly replacedVersion: string | null;
  };
  /** Blue-Green: the slots swapped, `toVersion` serves, `fromVersion` waits on standby. */
  readonly TrafficSwitched: {
    readonly nodeId: string;
    readonly moduleName: string;
    readonly fromVersion: string | null;
    readonly toVersion: string;
  };
  /** An install whose answer never came was undone before it happened: it will not happen. */
  readonly InstallCancelled: {
    readonly nodeId: string;
    readonly moduleName: string;
    readonly version: string;
  };
  /** Blue-Green: the standby version was unloaded. */
  readonly StandbyReleased: {
    readonly nodeId: string;
    readonly moduleName: string;
    readonly version: string;
  };
}

export const NODE_DATA: PublicMappers<NodeEvent, PublicNodeData> = {
  ModuleInstalled: (data) => ({
    nodeId: data.nodeId,
    moduleName: data.moduleName,
    version: data.version,
    previousVersion: data.previousVersion,
  }),
  ModuleRolledBack: (data) => ({
    nodeId: data.nodeId,
    moduleName: data.moduleName,
    fromVersion: data.from,
    version: data.version,
  }),
  InstallCancelled: (data) => ({
    nodeId: data.nodeId,
    moduleName: data.moduleName,
    version: data.version,
  }),
  ModuleStaged: (data) => ({
    nodeId: data.nodeId,
    moduleName: data.moduleName,
    version: data.version,
    replacedVersion: data.replaced,
  }),
  TrafficSwitched: (data) => ({
    nodeId: data.nodeId,
    moduleName: data.moduleName,
    fromVersion: data.from,
    toVersion: data.to,
  }),
  StandbyReleased: (data) => ({
    nodeId: data.nodeId,
    moduleName: data.moduleName,
    version: data.version,
  }),
};
