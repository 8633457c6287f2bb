import { Inject, Injectable } from '@nestjs/common';
import {
  moduleRegistration,
  moduleStream,
  moduleViewOf,
  type ModuleEvent,
  type ModuleRegistration,
  type RegisterModule,
  type RegisterModuleReply,
} from '@hotswap/contracts';
import { derivedEventId } from '@hotswap/event-sourcing';
import { EventStore, WrongExpectedRevision } from '@hotswap/event-store';
import { readCertificates, signerOf } from '@hotswap/module-signing';
import { sha256Hex, type ModuleStore } from '@hotswap/messaging';
import { MODULE_STORE } from '@hotswap/service-host';

/**
 * The module registry (stream `module-<name>`, owned by the orchestrator): which versions were
 * uploaded, with their digest, signature and certificate. A version is registered once.
 */
@Injectable()
export class ModuleRegistry {
  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(MODULE_STORE) private readonly store: ModuleStore,
  ) {}

  /** The version's registration, or undefined when it was never uploaded. */
  async find(moduleName: string, version: string): Promise<ModuleRegistration | undefined> {
    return moduleRegistration(await this.events.readStream(moduleStream(moduleName)), version);
  }

  /** The module's bytes as registered, or undefined when the object store has lost them. */
  binaryOf(registration: Pick<ModuleRegistration, 'objectName'>): Promise<Uint8Array | undefined> {
    return this.store.get(registration.objectName);
  }

  async register(command: RegisterModule): Promise<RegisterModuleReply> {
    const { moduleName, version, digest } = command;
    const stream = moduleStream(moduleName);
    for (let attempt = 0; ; attempt++) {
      const events = await this.events.readStream(stream);
      const existing = moduleRegistration(events, version);
      if (existing) {
        if (existing.digest === digest) {
          return { ok: true, module: moduleViewOf(existing), created: false };
        }
        return conflict(
          `${moduleName} ${version} is registered with another binary (SHA-256 ${existing.digest}): versions cannot change; upload a new version`,
        );
      }
      const binary = await this.store.get(command.objectName);
      if (binary === undefined) {
        return invalid('module', `is not in the module store under '${command.objectName}'`);
      }
      if (sha256Hex(binary) !== digest || binary.byteLength !== command.size) {
        return invalid('module', 'differs from its digest or size: upload it again');
      }
      const certificates = readCertificates(command.certificatePem, 'the certificate');
      if (!certificates.ok) return invalid('certificate', certificates.problem);
      const registeredAt = new Date().toISOString();
      const data: ModuleEvent['data'] = {
        moduleName,
        version,
        digest,
        size: command.size,
        objectName: command.objectName,
        signature: command.signature,
        certificatePem: command.certificatePem,
        signer: signerOf(certificates.certificates[0]!),
        registeredAt,
      };
      try {
        await this.events.append(
          stream,
          [
            {
              id: derivedEventId(command.commandId, 0),
              type: 'ModuleRegistered',
              data,
              metadata: {
                correlationId: `${moduleName}@${version}`,
                causationId: command.commandId,
                actor: command.actor,
                timestamp: registeredAt,
              },
            },
          ],
          { expectedRevision: events.length === 0 ? 'no_stream' : BigInt(events.length - 1) },
        );
      } catch (error) {
        // Another version of the module was registered meanwhile: look again.
        if (error instanceof WrongExpectedRevision && attempt < 5) continue;
        throw error;
      }
      return {
        ok: true,
        module: moduleViewOf({ ...data, registeredBy: command.actor }),
        created: true,
      };
    }
  }
}

const conflict = (message: string): RegisterModuleReply => ({
  ok: false,
  error: { code: 'CONFLICT', message },
});

const invalid = (field: string, problem: string): RegisterModuleReply => ({
  ok: false,
  error: {
    code: 'VALIDATION_FAILED',
    message: `Invalid module: ${field} ${problem}`,
    fields: { [field]: problem },
  },
});
