import type { Environment, NodeEvent } from '@hotswap/contracts';
import { parseEnvironment } from '../http/parse-environment.js';

/** A node's module versions as its `node-<nodeId>` stream says, stored under `<ns>:rm:nodes:<nodeId>`. */
export interface NodeDocument {
  readonly nodeId: string;
  /** From the id's prefix (`development-01` → Development); null for an id of another shape. */
  readonly environment: Environment | null;
  /** module name → installed version */
  readonly modules: Readonly<Record<string, string>>;
  readonly updatedAt: string;
}

/** Node ids are `<environment in lower case>-<nn>` (nodeIds() in @hotswap/contracts). */
export function environmentOfNode(nodeId: string): Environment | null {
  const dash = nodeId.lastIndexOf('-');
  return (dash > 0 && parseEnvironment(nodeId.slice(0, dash))) || null;
}

/** The nodes projection's fold. */
export function evolveNodeDocument(
  document: NodeDocument | undefined,
  nodeId: string,
  event: NodeEvent,
): NodeDocument {
  const current = document ?? {
    nodeId,
    environment: environmentOfNode(nodeId),
    modules: {},
    updatedAt: '',
  };
  switch (event.type) {
    case 'ModuleInstalled':
      return withVersion(
        current,
        event.data.moduleName,
        event.data.version,
        event.data.installedAt,
      );
    case 'ModuleRolledBack':
      return withVersion(
        current,
        event.data.moduleName,
        event.data.version,
        event.data.rolledBackAt,
      );
    case 'TrafficSwitched':
      // Blue-Green: the version that serves is the one switched to.
      return withVersion(current, event.data.moduleName, event.data.to, event.data.switchedAt);
    case 'ModuleStaged':
    case 'StandbyReleased':
      // The standby slot does not serve: the document lists what does.
      return current;
    case 'InstallCancelled':
      // An install that never happened: what serves is unchanged.
      return current;
    default: {
      // A type this gateway does not know yet changes nothing.
      const unknown: never = event;
      void unknown;
      return current;
    }
  }
}

function withVersion(
  document: NodeDocument,
  moduleName: string,
  version: string | null,
  at: string,
): NodeDocument {
  const { [moduleName]: _previous, ...others } = document.modules;
  return {
    ...document,
    modules: version === null ? others : { ...others, [moduleName]: version },
    updatedAt: at,
  };
}
