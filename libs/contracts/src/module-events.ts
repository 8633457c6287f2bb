import type { CommandEnvelope, CommandReply } from './command-envelope.js';

/** The category of module streams: `module-<moduleName>`, one per module, its versions in it. */
export const MODULE_CATEGORY = 'module';
export const moduleStream = (moduleName: string): string => `${MODULE_CATEGORY}-${moduleName}`;

/** Who signed a module: from the signing certificate, as recorded at upload. */
export interface ModuleSigner {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly validTo: string;
}

/**
 * Events of stream `module-<moduleName>` (owned by the orchestrator). A version is registered
 * once: its binary (in the object store, by `objectName`), digest, size, and the detached
 * signature and certificate it was uploaded with, which SecurityScan verifies against the trusted
 * CAs of the day. The `type` strings are the stored names: never rename one.
 */
export type ModuleEvent = {
  type: 'ModuleRegistered';
  data: {
    moduleName: string;
    version: string;
    /** SHA-256 of the binary, lowercase hex. */
    digest: string;
    size: number;
    objectName: string;
    /** Base64 RSA-SHA256 signature over the binary. */
    signature: string;
    /** The signing certificate (and intermediates), PEM. */
    certificatePem: string;
    signer: ModuleSigner;
    registeredAt: string;
  };
};

/** A registered module version as the API shows it (no signature or certificate text). */
export interface ModuleView {
  readonly moduleName: string;
  readonly version: string;
  readonly digest: string;
  readonly size: number;
  readonly signer: ModuleSigner;
  readonly registeredAt: string;
  readonly registeredBy: string;
}

/**
 * gateway → orchestrator (SUBJECTS.registerModule): register a version whose binary the gateway
 * put in the object store. The orchestrator reads it back, checks digest and size, reads the
 * certificate and records ModuleRegistered. The same version again with the same binary answers
 * the registration as it is; with another binary, CONFLICT (versions are immutable).
 * VALIDATION_FAILED names `module` (not in the store, other digest) or `certificate` (not PEM).
 */
export interface RegisterModule extends CommandEnvelope {
  readonly moduleName: string;
  readonly version: string;
  readonly objectName: string;
  readonly digest: string;
  readonly size: number;
  readonly signature: string;
  readonly certificatePem: string;
}
export type RegisterModuleReply = CommandReply<{ module: ModuleView; created: boolean }>;

/** A version's registration as recorded, with who registered it (the event's actor). */
export type ModuleRegistration = ModuleEvent['data'] & { readonly registeredBy: string };

/** The registration of `version` among the events of its module's stream; undefined if none. */
export function moduleRegistration(
  events: readonly {
    readonly type: string;
    readonly data: unknown;
    readonly metadata: { readonly actor?: string };
  }[],
  version: string,
): ModuleRegistration | undefined {
  for (const event of events) {
    if (event.type !== 'ModuleRegistered') continue;
    const data = event.data as ModuleEvent['data'];
    if (data.version === version)
      return { ...data, registeredBy: event.metadata.actor ?? 'unknown' };
  }
  return undefined;
}

/** What the API shows of a registration (no signature or certificate text). */
export function moduleViewOf(registration: ModuleRegistration): ModuleView {
  const { moduleName, version, digest, size, signer, registeredAt, registeredBy } = registration;
  return { moduleName, version, digest, size, signer, registeredAt, registeredBy };
}
