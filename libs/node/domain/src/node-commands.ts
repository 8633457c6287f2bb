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
  /** ISO-8601 */
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

export type NodeModuleCommand = InstallModule | RollBackModule;
