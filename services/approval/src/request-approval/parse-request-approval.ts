import { ENVIRONMENTS, type CommandError, type RequestApprovalCommand } from '@hotswap/contracts';
import { FieldReader, MODULE_NAME, SEMVER } from '@hotswap/messaging';
import {
  EXECUTION_ID,
  EXECUTION_ID_EXPECTED,
  readEnvelope,
} from '../approvals/command-envelope.js';

const EMAIL = /^(?=[\s\S]{3,254}$)[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a RequestApproval as it arrives over NATS, naming every bad field. */
export function parseRequestApproval(
  payload: unknown,
): { ok: true; value: RequestApprovalCommand } | { ok: false; error: CommandError } {
  const fields = new FieldReader(payload);
  return fields.result({
    ...readEnvelope(fields),
    executionId: fields.string('executionId', EXECUTION_ID, EXECUTION_ID_EXPECTED),
    moduleName: fields.string(
      'moduleName',
      MODULE_NAME,
      'lowercase letters, digits and dashes, 1 to 64 characters',
    ),
    version: fields.string('version', SEMVER, 'a semantic version such as 2.1.0'),
    targetEnvironment: fields.oneOf('targetEnvironment', ENVIRONMENTS),
    requesterEmail: fields.string('requesterEmail', EMAIL, 'an email address'),
    requestedBy: fields.optionalString('requestedBy'),
  });
}
