import { randomBytes } from 'node:crypto';
import { InvalidVariable } from '@hotswap/config';
import { commandSigningKey, useCommandSigningKey } from './command-signing-key.js';

// jest gives each test file its own modules and process.env: what is set here stays here.
describe('the key sendCommand signs with', () => {
  const envKey = randomBytes(32).toString('hex');
  const configured = randomBytes(32).toString('hex');

  it("is the environment's HOTSWAP_NATS_SIGNING_KEY while the process has set none", () => {
    process.env['HOTSWAP_NATS_SIGNING_KEY'] = envKey;
    expect(commandSigningKey()).toBe(envKey);
    process.env['HOTSWAP_NATS_SIGNING_KEY'] = '';
    expect(commandSigningKey()).toBeUndefined();
  });

  it('refuses to send with a malformed key in the environment, naming the variable', () => {
    process.env['HOTSWAP_NATS_SIGNING_KEY'] = 'secret';
    expect(() => commandSigningKey()).toThrow(InvalidVariable);
    expect(() => commandSigningKey()).toThrow(/^HOTSWAP_NATS_SIGNING_KEY has an invalid value/);
  });

  it('is the one the process set (the service host, from its configuration), even none', () => {
    process.env['HOTSWAP_NATS_SIGNING_KEY'] = envKey;
    useCommandSigningKey(configured);
    expect(commandSigningKey()).toBe(configured);
    useCommandSigningKey(undefined);
    expect(commandSigningKey()).toBeUndefined();
  });

  it('cannot be set to something that is no key', () => {
    expect(() => useCommandSigningKey(configured.slice(2))).toThrow(
      /^The command signing key is too short/,
    );
  });
});
