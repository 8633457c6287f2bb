import type { FaultEvent } from '@hotswap/contracts';
import type { PublicMappers } from './public-mappers.js';

/**
 * The public `data` of fault injection (category `chaos`, stream `chaos-faults`): nodes of
 * `environment` running `moduleName` at `version` report these figures instead of healthy ones,
 * or fail installing it. A figure not faked is null.
 */
export interface PublicChaosData {
  readonly FaultInjected: {
    readonly faultId: string;
    readonly environment: string;
    readonly moduleName: string;
    readonly version: string;
    /** A share: 0.2 is 20 %. */
    readonly errorRate: number | null;
    readonly latencyMs: number | null;
    readonly cpuPercent: number | null;
    readonly memoryPercent: number | null;
    readonly failInstall: boolean;
  };
  readonly FaultRemoved: { readonly faultId: string };
}

export const CHAOS_DATA: PublicMappers<FaultEvent, PublicChaosData> = {
  FaultInjected: (data) => ({
    faultId: data.faultId,
    environment: data.environment,
    moduleName: data.moduleName,
    version: data.version,
    errorRate: data.errorRate ?? null,
    latencyMs: data.latencyMs ?? null,
    cpuPercent: data.cpu ?? null,
    memoryPercent: data.memory ?? null,
    failInstall: data.failInstall ?? false,
  }),
  FaultRemoved: (data) => ({ faultId: data.faultId }),
};
