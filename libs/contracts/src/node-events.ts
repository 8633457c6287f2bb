/**
 * Events of stream `node-<nodeId>` (owned by the node-agent): the node's module history.
 * `version: null` means the module is not installed. Stored names: never rename.
 */
export type NodeEvent =
  | BlueGreenNodeEvent
  | {
      type: 'ModuleInstalled';
      data: {
        nodeId: string;
        moduleName: string;
        version: string;
        previousVersion: string | null;
        /** The install command's id (absent on events stored before it was kept). */
        installId?: string;
        installedAt: string;
      };
    }
  | {
      /**
       * An install whose answer never came was undone before it happened (a slow or stopped
       * node-agent still held it): it is refused if it comes later, so the node stays put.
       */
      type: 'InstallCancelled';
      data: {
        nodeId: string;
        moduleName: string;
        version: string;
        installId: string;
        cancelledAt: string;
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

export type BlueGreenNodeEvent =
  | {
      /** A version put on the standby slot (green); the active slot keeps serving. */
      type: 'ModuleStaged';
      data: {
        nodeId: string;
        moduleName: string;
        version: string;
        /** What the standby slot held before (replaced). */
        replaced: string | null;
        stagedAt: string;
      };
    }
  | {
      /** The slots swapped: `to` serves, `from` waits on standby. */
      type: 'TrafficSwitched';
      data: {
        nodeId: string;
        moduleName: string;
        from: string | null;
        to: string;
        switchedAt: string;
      };
    }
  | {
      type: 'StandbyReleased';
      data: { nodeId: string; moduleName: string; version: string; releasedAt: string };
    };

export type NodeEventType = NodeEvent['type'];

export const NODE_CATEGORY = 'node';
export const nodeStream = (nodeId: string) => `${NODE_CATEGORY}-${nodeId}`;
