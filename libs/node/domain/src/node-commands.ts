/**
 * What a node is asked to do. Time comes in the command (the domain has no clock). The wire
 * commands of the same names (@hotswap/contracts) carry the envelope; these carry what the
 * decision needs.
 */
export interface InstallModule {
  readonly type: 'InstallModule';
  readonly nodeId: string;
  readonly moduleName: string;
  readonly version: string;
  /** The install command's id: an install undone before it happened (UndoInstall) is refused. */
  readonly installId: string;
  /** ISO-8601 */
  readonly at: string;
}

/**
 * Undo install `installId` (one whose answer never came): put back what it replaced if it is the
 * module's last install and the node still runs its version; if it never happened, cancel it.
 */
export interface UndoInstall {
  readonly type: 'UndoInstall';
  readonly nodeId: string;
  readonly moduleName: string;
  /** The version the install was to put on the node. */
  readonly version: string;
  readonly installId: string;
  readonly at: string;
}

export interface RollBackModule {
  readonly type: 'RollBackModule';
  readonly nodeId: string;
  readonly moduleName: string;
  /** The version to put back; null uninstalls the module. */
  readonly version: string | null;
  readonly at: string;
}

export type NodeModuleCommand = InstallModule | RollBackModule | UndoInstall;

/** Blue-Green: put `version` on the standby slot; the active slot keeps serving. */
export interface StageModule {
  readonly type: 'StageModule';
  readonly nodeId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly at: string;
}

/** Blue-Green: serve `version`, which must be on the standby slot; the active one goes to standby. */
export interface SwitchTraffic {
  readonly type: 'SwitchTraffic';
  readonly nodeId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly at: string;
}

/** Blue-Green: empty the standby slot if it holds `version`. */
export interface ReleaseStandby {
  readonly type: 'ReleaseStandby';
  readonly nodeId: string;
  readonly moduleName: string;
  readonly version: string;
  readonly at: string;
}

export type NodeCommand = NodeModuleCommand | StageModule | SwitchTraffic | ReleaseStandby;
