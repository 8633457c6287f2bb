import {
  ENVIRONMENTS,
  EXECUTION_ID_PATTERN,
  EXECUTION_ID_RULE,
  MODULE_NAME_PATTERN,
  SEMVER_PATTERN,
  type CommandError,
  type RequestApprovalCommand,
} from '@hotswap/contracts';
import { FieldReader } from '@hotswap/messaging';
import { readEnvelope } from '../approvals/command-envelope.js';

const EMAIL = /^(?=[\s\S]{3,254}$)[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a RequestApproval as it arrives over NATS, naming every bad field. */
export function parseRequestApproval(
  payload: unknown,
): { ok: true; value: RequestApprovalCommand } | { ok: false; error: CommandError } {
  const fields = new FieldReader(payload);
  return fields.result({
    ...readEnvelope(fields),
    executionId: fields.string('executionId', EXECUTION_ID_PATTERN, EXECUTION_ID_RULE),
    moduleName: fields.string(
      'moduleName',
      MODULE_NAME_PATTERN,
      'lowercase letters, digits and dashes, 1 to 64 characters',
    ),
    version: fields.string('version', SEMVER_PATTERN, 'a semantic version such as 2.1.0'),
    targetEnvironment: fields.oneOf('targetEnvironment', ENVIRONMENTS),
    requesterEmail: fields.string('requesterEmail', EMAIL, 'an email address'),
    requestedBy: fields.optionalString('requestedBy'),
  });
}
