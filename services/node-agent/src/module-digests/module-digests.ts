import { Inject, Injectable } from '@nestjs/common';
import { moduleRegistration, moduleStream, type CommandError } from '@hotswap/contracts';
import { EventStore } from '@hotswap/event-store';
import { sha256Hex, type ModuleStore } from '@hotswap/messaging';
import { MODULE_STORE } from '@hotswap/service-host';

/** How long "this version is not registered" is believed before the registry is read again. */
const UNREGISTERED_TTL_MS = 2_000;

/**
 * Before a node installs or stages a registered module version, the node-agent fetches its binary
 * from the module store and checks its SHA-256 against the registered digest: a binary changed in
 * the store after SecurityScan is not installed. A version nobody registered has nothing to check
 * (non-strict environments may deploy one; strict ones stopped it at SecurityScan). A binary that
 * verified is remembered, so a cluster's installs fetch it once per process.
 */
@Injectable()
export class ModuleDigests {
  private readonly verified = new Set<string>();
  private readonly unregistered = new Map<string, number>();

  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(MODULE_STORE) private readonly store: ModuleStore,
  ) {}

  /** Why the version may not be installed, or undefined when it may. */
  async refusal(moduleName: string, version: string): Promise<CommandError | undefined> {
    const key = `${moduleName}@${version}`;
    if (this.verified.has(key)) return undefined;
    if ((this.unregistered.get(key) ?? 0) > Date.now()) return undefined;
    const registration = moduleRegistration(
      await this.events.readStream(moduleStream(moduleName)),
      version,
    );
    if (registration === undefined) {
      this.unregistered.set(key, Date.now() + UNREGISTERED_TTL_MS);
      return undefined;
    }
    const binary = await this.store.get(registration.objectName);
    if (binary === undefined || sha256Hex(binary) !== registration.digest) {
      return {
        code: 'OPERATION_FAILED',
        message: `${moduleName} ${version} was not installed: its binary in the module store ${
          binary === undefined ? 'is missing' : 'does not match the registered SHA-256 digest'
        }`,
      };
    }
    this.verified.add(key);
    return undefined;
  }
}
