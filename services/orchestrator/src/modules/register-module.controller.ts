import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  MODULE_NAME_PATTERN,
  SEMVER_PATTERN,
  SUBJECTS,
  type RegisterModuleReply,
} from '@hotswap/contracts';
import { failureReply, FieldReader } from '@hotswap/messaging';
import { LOGGER } from '@hotswap/service-host';
import { ModuleRegistry } from './module-registry.js';

/** gateway → orchestrator: register an uploaded module version (RegisterModule). */
@Controller()
export class RegisterModuleController {
  private readonly logger: Logger;

  constructor(
    @Inject(ModuleRegistry) private readonly registry: ModuleRegistry,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ component: 'register-module' });
  }

  @MessagePattern(SUBJECTS.registerModule)
  async register(@Payload() payload: unknown): Promise<RegisterModuleReply> {
    const fields = new FieldReader(payload);
    const parsed = fields.result({
      commandId: fields.string('commandId'),
      actor: fields.string('actor'),
      moduleName: fields.string(
        'moduleName',
        MODULE_NAME_PATTERN,
        'lowercase letters, digits and dashes',
      ),
      version: fields.string('version', SEMVER_PATTERN, 'a semantic version such as 2.1.0'),
      objectName: fields.string('objectName'),
      digest: fields.string('digest', /^[0-9a-f]{64}$/, 'a SHA-256 digest in lowercase hex'),
      size: fields.integer('size', 0, Number.MAX_SAFE_INTEGER),
      signature: fields.string('signature'),
      certificatePem: fields.string('certificatePem'),
    });
    if (!parsed.ok) return parsed;
    try {
      return await this.registry.register(parsed.value);
    } catch (error) {
      return failureReply(error, this.logger, 'registering a module failed');
    }
  }
}
