import { Inject, Injectable } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { moduleBucketOf, type HotSwapConfig } from '@hotswap/config';
import { moduleStream, type CommandError, type ModuleEvent } from '@hotswap/contracts';
import { EventStore } from '@hotswap/event-store';
import { ModuleStore, sha256Hex } from '@hotswap/messaging';
import { HOTSWAP_CONFIG, NATS_CONNECTION } from '@hotswap/service-host';

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
  private store: Promise<ModuleStore> | undefined;

  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(HOTSWAP_CONFIG) private readonly config: HotSwapConfig,
  ) {}

  /** Why the version may not be installed, or undefined when it may. */
  async refusal(moduleName: string, version: string): Promise<CommandError | undefined> {
    const key = `${moduleName}@${version}`;
    if (this.verified.has(key)) return undefined;
    if ((this.unregistered.get(key) ?? 0) > Date.now()) return undefined;
    const registration = (await this.events.readStream(moduleStream(moduleName)))
      .filter((event) => event.type === 'ModuleRegistered')
      .map((event) => event.data as ModuleEvent['data'])
      .find((data) => data.version === version);
    if (registration === undefined) {
      this.unregistered.set(key, Date.now() + UNREGISTERED_TTL_MS);
      return undefined;
    }
    this.store ??= ModuleStore.open(this.nc, moduleBucketOf(this.config));
    const binary = await (await this.store).get(registration.objectName);
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
