import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import type { ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import {
  SUBJECTS,
  type ModuleView,
  type RegisterModule,
  type RegisterModuleReply,
} from '@hotswap/contracts';
import type { ModuleStore } from '@hotswap/messaging';
import { MODULE_STORE, NATS_CONNECTION, REDIS } from '@hotswap/service-host';
import { Allow, CallerOf, type Caller } from '../authentication/access.js';
import { GatewayOptions } from '../gateway-options.js';
import { badRequest, invalidFieldsMessage, notFound } from '../http/api-errors.js';
import { forwardCommand, httpErrorFor } from '../http/forward-command.js';
import {
  isModuleName,
  isSemanticVersion,
  MODULE_NAME_PROBLEM,
  VERSION_PROBLEM,
} from '../http/request-fields.js';
import { ReadModelKeys } from '../read-model/read-model-keys.js';
import { ModuleDocuments } from './module-documents.js';

/** A part of a multipart upload, as multer's memory storage gives it. */
interface UploadedPart {
  readonly buffer: Buffer;
  readonly size: number;
}
type Parts = Partial<Record<'module' | 'signature' | 'certificate', UploadedPart[]>>;

export const MAX_MODULE_BYTES = 64 * 1024 * 1024;
const MAX_TEXT_PART_BYTES = 64 * 1024;

/**
 * Signed modules (issue 5): an Admin uploads a version as `multipart/form-data` with the fields
 * `name` and `version` and the files `module` (the binary), `signature` (base64 RSA-SHA256, as
 * `hotswap modules sign` writes it) and `certificate` (the signer's PEM). The binary goes into the
 * JetStream object store; the orchestrator records ModuleRegistered. Reads come from the
 * `modules` projection.
 */
@Controller('api/v1/modules')
export class ModulesController {
  private readonly documents: ModuleDocuments;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(GatewayOptions) private readonly options: GatewayOptions,
    @Inject(MODULE_STORE) private readonly store: ModuleStore,
    @Inject(REDIS) redis: Redis,
    @Inject(ReadModelKeys) keys: ReadModelKeys,
  ) {
    this.documents = new ModuleDocuments(redis, keys);
  }

  /** 201 with the registered version and its Location (200 when it was already, identically); 400; 409. */
  @Post()
  @Allow('Admin')
  @HttpCode(201)
  @UseInterceptors(
    FileFieldsInterceptor(
      [
        { name: 'module', maxCount: 1 },
        { name: 'signature', maxCount: 1 },
        { name: 'certificate', maxCount: 1 },
      ],
      { limits: { fileSize: MAX_MODULE_BYTES, files: 3, fields: 4 } },
    ),
  )
  async upload(
    @CallerOf() caller: Caller,
    @UploadedFiles() parts: Parts | undefined,
    @Body() body: Record<string, unknown> | undefined,
    @Res({ passthrough: true }) response: Pick<ServerResponse, 'setHeader' | 'statusCode'>,
  ): Promise<ModuleView> {
    const fields: Record<string, string> = {};
    const name = body?.['name'];
    const version = body?.['version'];
    if (!isModuleName(name)) fields['name'] = MODULE_NAME_PROBLEM;
    if (!isSemanticVersion(version)) fields['version'] = VERSION_PROBLEM;
    const binary = parts?.module?.[0];
    const signature = parts?.signature?.[0];
    const certificate = parts?.certificate?.[0];
    if (!binary || binary.size === 0)
      fields['module'] = 'is required: the module binary, a file part';
    if (!signature || signature.size === 0 || signature.size > MAX_TEXT_PART_BYTES) {
      fields['signature'] =
        'is required: the detached signature (base64), a file part of at most 64 KiB';
    }
    if (!certificate || certificate.size === 0 || certificate.size > MAX_TEXT_PART_BYTES) {
      fields['certificate'] =
        'is required: the signer’s certificate (PEM), a file part of at most 64 KiB';
    }
    const signatureText = signature?.buffer.toString('utf8').replace(/\s+/g, '') ?? '';
    if (signature && !fields['signature'] && !/^[A-Za-z0-9+/]+={0,2}$/.test(signatureText)) {
      fields['signature'] = 'must be base64 text (as hotswap modules sign writes it)';
    }
    if (Object.keys(fields).length > 0) {
      throw badRequest(invalidFieldsMessage('module upload', fields), fields);
    }
    const stored = await this.store.put(name as string, version as string, binary!.buffer);
    const command: RegisterModule = {
      commandId: randomUUID(),
      actor: caller.username,
      moduleName: name as string,
      version: version as string,
      objectName: stored.objectName,
      digest: stored.digest,
      size: stored.size,
      signature: signatureText,
      certificatePem: certificate!.buffer.toString('utf8'),
    };
    const reply = await forwardCommand<RegisterModuleReply>(
      this.nc,
      SUBJECTS.registerModule,
      command,
      { timeoutMs: this.options.requestTimeoutMs, service: 'orchestrator' },
    );
    if (!reply.ok) {
      // Only a registered version's binary stays; one with the same digest is that one.
      if (reply.error.code !== 'CONFLICT')
        await this.store.remove(stored.objectName).catch(() => undefined);
      if (reply.error.code === 'VALIDATION_FAILED') {
        const refused = reply.error.fields ?? {};
        throw badRequest(invalidFieldsMessage('module upload', refused), refused);
      }
      throw httpErrorFor(reply.error);
    }
    response.setHeader('Location', `/api/v1/modules/${name as string}/${version as string}`);
    if (!reply.created) response.statusCode = 200;
    return reply.module;
  }

  /** 200 `{ items }`: registered versions, newest first; `?name=` one module's. */
  @Get()
  @Allow('Viewer')
  async list(@Query('name') name?: string): Promise<{ items: ModuleView[] }> {
    if (name !== undefined && !isModuleName(name)) {
      const fields = { name: MODULE_NAME_PROBLEM };
      throw badRequest(invalidFieldsMessage('modules query', fields), fields);
    }
    return { items: await this.documents.list(name) };
  }

  /** 200 with the version; 404 when it is not registered. */
  @Get(':name/:version')
  @Allow('Viewer')
  async get(@Param('name') name: string, @Param('version') version: string): Promise<ModuleView> {
    const module =
      isModuleName(name) && isSemanticVersion(version)
        ? await this.documents.get(name, version)
        : undefined;
    if (!module) throw notFound(`No module ${name} ${version} is registered`);
    return module;
  }
}
