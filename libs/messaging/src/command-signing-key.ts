import { natsSigningKeyProblem, readNatsSigningKey } from '@hotswap/config';

/**
 * The key this process signs its commands with. Process-wide because sendCommand is a plain
 * function called from anywhere in a service (controllers, workflows, timers) with no DI at hand.
 * The service host sets it from the configuration at start-up; a process that never set it (a
 * test, the CLI) signs with HOTSWAP_NATS_SIGNING_KEY from its environment, if there is one.
 */
let configured: { readonly key: string | undefined } | undefined;

/** Signs every command this process sends with `key` (hexadecimal); undefined: sends unsigned. */
export function useCommandSigningKey(key: string | undefined): void {
  const problem = key === undefined ? undefined : natsSigningKeyProblem(key);
  if (problem !== undefined) throw new RangeError(`The command signing key ${problem}`);
  configured = { key };
}

/**
 * The key sendCommand signs with now. Throws (InvalidVariable, naming it) when the environment's
 * HOTSWAP_NATS_SIGNING_KEY is set but is no key: sending unsigned instead would hide the mistake.
 */
export function commandSigningKey(): string | undefined {
  if (configured !== undefined) return configured.key;
  return readNatsSigningKey(process.env)?.reveal();
}
