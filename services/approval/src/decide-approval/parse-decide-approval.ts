import {
  EXECUTION_ID_PATTERN,
  EXECUTION_ID_RULE,
  type CommandError,
  type DecideApproval,
} from '@hotswap/contracts';
import { FieldReader } from '@hotswap/messaging';
import { readEnvelope } from '../approvals/command-envelope.js';

export const MAX_TEXT_LENGTH = 2_000;

/**
 * Checks a DecideApproval as it arrives over NATS, naming every bad field: a rejection needs a
 * `reason`; comments (approve) may be empty.
 */
export function parseDecideApproval(
  payload: unknown,
): { ok: true; value: DecideApproval } | { ok: false; error: CommandError } {
  const fields = new FieldReader(payload);
  const input: Readonly<Record<string, unknown>> =
    typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const decision = fields.oneOf('decision', ['approve', 'reject'] as const);
  const comments = optionalText(fields, input, 'comments');
  const reason = optionalText(fields, input, 'reason');
  const noReason = input['reason'] === undefined || reason?.trim() === '';
  if (input['decision'] === 'reject' && noReason) {
    fields.problem('reason', 'is required to reject: say why');
  }
  return fields.result({
    ...readEnvelope(fields),
    executionId: fields.string('executionId', EXECUTION_ID_PATTERN, EXECUTION_ID_RULE),
    decision,
    ...(comments === undefined ? {} : { comments }),
    ...(reason === undefined ? {} : { reason }),
  });
}

/** A free text of at most MAX_TEXT_LENGTH characters, possibly empty. */
function optionalText(
  fields: FieldReader,
  input: Readonly<Record<string, unknown>>,
  field: string,
): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length > MAX_TEXT_LENGTH) {
    fields.problem(field, `must be a string of at most ${MAX_TEXT_LENGTH} characters`);
    return undefined;
  }
  return value;
}
