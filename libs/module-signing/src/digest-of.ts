import { createHash } from 'node:crypto';

/** The SHA-256 digest of a module's binary, lower-case hex: what ModuleRegistered records. */
export function digestOf(binary: Uint8Array): string {
  return createHash('sha256').update(binary).digest('hex');
}
