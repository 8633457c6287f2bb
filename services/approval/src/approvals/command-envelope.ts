import type { CommandEnvelope } from '@hotswap/contracts';
import type { FieldReader } from '@hotswap/messaging';

/** Execution ids name a stream (`approval-<id>`) and a timer: the orchestrator's own rule. */
export const EXECUTION_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const EXECUTION_ID_EXPECTED = "1 to 128 letters, digits, '-' or '_'";

/** The envelope every command carries (commandId, actor, traceparent), with bounded lengths. */
export function readEnvelope(fields: FieldReader): CommandEnvelope {
  const traceparent = fields.optionalString('traceparent');
  return {
    commandId: fields.string('commandId', /^[\s\S]{1,200}$/, 'a string of 1 to 200 characters'),
    actor: fields.string('actor', /^[\s\S]{1,254}$/, 'a string of 1 to 254 characters'),
    ...(traceparent === undefined ? {} : { traceparent }),
  };
}
