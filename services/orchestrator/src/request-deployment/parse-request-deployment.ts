import { EXECUTION_ID_RULE, isExecutionId, type RequestDeployment } from '@hotswap/contracts';
import { checkDeploymentRequest } from '@hotswap/deployment-domain';

const MAX_COMMAND_ID_LENGTH = 200;
const MAX_ACTOR_LENGTH = 254;

export type ParsedRequest =
  | { readonly ok: true; readonly command: RequestDeployment }
  | { readonly ok: false; readonly fields: Readonly<Record<string, string>> };

/**
 * Checks a RequestDeployment command as it arrives over NATS: the envelope and the deployment
 * rules (the gateway checked them already, but a command can come from anywhere).
 */
export function parseRequestDeployment(payload: unknown): ParsedRequest {
  const input: Readonly<Record<string, unknown>> =
    typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const check = checkDeploymentRequest(input);
  const fields: Record<string, string> = check.ok ? {} : { ...check.fields };
  const { executionId, commandId, actor, traceparent } = input;
  if (!isExecutionId(executionId)) {
    fields['executionId'] = `must be ${EXECUTION_ID_RULE}`;
  }
  if (
    typeof commandId !== 'string' ||
    commandId.length === 0 ||
    commandId.length > MAX_COMMAND_ID_LENGTH
  ) {
    fields['commandId'] = `must be a string of 1 to ${MAX_COMMAND_ID_LENGTH} characters`;
  }
  if (typeof actor !== 'string' || actor.length === 0 || actor.length > MAX_ACTOR_LENGTH) {
    fields['actor'] = `must be a string of 1 to ${MAX_ACTOR_LENGTH} characters`;
  }
  if (traceparent !== undefined && typeof traceparent !== 'string') {
    fields['traceparent'] = 'must be a string';
  }
  if (!check.ok || Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    command: {
      ...check.request,
      executionId: executionId as string,
      commandId: commandId as string,
      actor: actor as string,
      ...(traceparent === undefined ? {} : { traceparent: traceparent as string }),
    },
  };
}
