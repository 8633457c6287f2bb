import type { ModuleEvent, ModuleSigner } from '@hotswap/contracts';
import { isoTime, type PublicMappers } from './public-mappers.js';

/**
 * The public `data` of a module version's registration (category `module`): what identifies the
 * binary and who signed it. Where the binary is kept, the signature and the certificate text stay
 * inside HotSwap (`GET /api/v1/modules/{name}/{version}` shows what the API shows).
 */
export interface PublicModuleData {
  readonly ModuleRegistered: {
    readonly moduleName: string;
    readonly version: string;
    /** SHA-256 of the binary, lowercase hex. */
    readonly digest: string;
    /** In bytes. */
    readonly size: number;
    readonly signer: ModuleSigner;
  };
}

export const MODULE_DATA: PublicMappers<ModuleEvent, PublicModuleData> = {
  ModuleRegistered: (data) => ({
    moduleName: data.moduleName,
    version: data.version,
    digest: data.digest,
    size: data.size,
    signer: {
      subject: data.signer.subject,
      issuer: data.signer.issuer,
      serialNumber: data.signer.serialNumber,
      validTo: isoTime(data.signer.validTo),
    },
  }),
};
