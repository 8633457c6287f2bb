import type { CommandEnvelope } from '@hotswap/contracts';
import type { FieldReader } from '@hotswap/messaging';

/** The envelope every command carries (commandId, actor, traceparent), with bounded lengths. */
export function readEnvelope(fields: FieldReader): CommandEnvelope {
  const traceparent = fields.optionalString('traceparent');
  return {
    commandId: fields.string('commandId', /^[\s\S]{1,200}$/, 'a string of 1 to 200 characters'),
    actor: fields.string('actor', /^[\s\S]{1,254}$/, 'a string of 1 to 254 characters'),
    ...(traceparent === undefined ? {} : { traceparent }),
  };
}
