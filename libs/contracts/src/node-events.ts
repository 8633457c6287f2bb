/**
 * Events of stream `node-<nodeId>` (owned by the node-agent): the node's module history.
 * `version: null` means the module is not installed. Stored names: never rename.
 */
export type NodeEvent =
  | {
      type: 'ModuleInstalled';
      data: {
        nodeId: string;
        moduleName: string;
        version: string;
        previousVersion: string | null;
        installedAt: string;
      };
    }
  | {
      type: 'ModuleRolledBack';
      data: {
        nodeId: string;
        moduleName: string;
        from: string | null;
        version: string | null;
        rolledBackAt: string;
      };
    };

export type NodeEventType = NodeEvent['type'];

export const NODE_CATEGORY = 'node';
export const nodeStream = (nodeId: string) => `${NODE_CATEGORY}-${nodeId}`;
