import { EXECUTION_ID_PATTERN, EXECUTION_ID_RULE, type CommandReply } from '@hotswap/contracts';
import { FieldReader } from '@hotswap/messaging';

/** What an operator's command about one deployment carries (abort, roll back). */
export interface OperatorCommand {
  readonly commandId: string;
  readonly actor: string;
  readonly executionId: string;
}

/** The command's fields, or the reply naming every bad one. */
export function parseOperatorCommand(
  payload: unknown,
): { readonly ok: true; readonly value: OperatorCommand } | (CommandReply & { ok: false }) {
  const fields = new FieldReader(payload);
  return fields.result({
    commandId: fields.string('commandId'),
    actor: fields.string('actor'),
    executionId: fields.string('executionId', EXECUTION_ID_PATTERN, EXECUTION_ID_RULE),
  });
}

/** The reply to a command about a deployment the store does not hold. */
export function unknownDeployment(executionId: string): CommandReply & { ok: false } {
  return {
    ok: false,
    error: { code: 'NOT_FOUND', message: `No deployment has the execution id '${executionId}'` },
  };
}
