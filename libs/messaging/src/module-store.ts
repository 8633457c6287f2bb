import { createHash } from 'node:crypto';
import { StorageType, type NatsConnection, type ObjectStore } from 'nats';

/** Where one module version's binary is, and what it is. */
export interface StoredModule {
  /** The object's name in the bucket: `<name>/<version>/<sha256>`, so versions never overwrite. */
  readonly objectName: string;
  /** SHA-256 of the bytes, lowercase hex. */
  readonly digest: string;
  readonly size: number;
}

export const sha256Hex = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/**
 * Module binaries in a JetStream object store bucket (file storage, replicated as the server
 * is): the gateway puts an upload there, the orchestrator's SecurityScan and the node-agents read
 * it back by name. The bucket is made on first use.
 */
export class ModuleStore {
  private constructor(private readonly store: ObjectStore) {}

  static async open(nc: NatsConnection, bucket: string): Promise<ModuleStore> {
    const store = await nc.jetstream().views.os(bucket, { storage: StorageType.File });
    return new ModuleStore(store);
  }

  async put(moduleName: string, version: string, bytes: Uint8Array): Promise<StoredModule> {
    const digest = sha256Hex(bytes);
    const objectName = `${moduleName}/${version}/${digest}`;
    await this.store.putBlob({ name: objectName }, bytes);
    return { objectName, digest, size: bytes.byteLength };
  }

  /** The bytes, or undefined when there is no such object. */
  async get(objectName: string): Promise<Uint8Array | undefined> {
    return (await this.store.getBlob(objectName)) ?? undefined;
  }

  async remove(objectName: string): Promise<void> {
    await this.store.delete(objectName);
  }
}
