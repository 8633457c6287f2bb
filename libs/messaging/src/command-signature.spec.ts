import { randomBytes } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import {
  commandSignature,
  SIGNATURE_HEADER,
  SIGNED_AT_HEADER,
  signatureHeaders,
  verifyCommand,
  type CommandHeaders,
} from './command-signature.js';

// Keys made for this run: no key is a literal in the code, not even a test's.
const key = randomBytes(32).toString('hex');
const otherKey = randomBytes(32).toString('hex');
const subject = 'hotswap.cmd.orchestrator.requestDeployment';
const data = { commandId: 'c-1', actor: 'alice@example.com', moduleName: 'orders', n: [1, 2.5] };
const signedAt = 1_750_000_000_000;

function signed(overrides: { subject?: string; data?: unknown; key?: string; at?: number } = {}) {
  return signatureHeaders({
    subject: overrides.subject ?? subject,
    data: overrides.data ?? data,
    key: overrides.key ?? key,
    signedAt: overrides.at ?? signedAt,
  });
}

const verify = (headers: CommandHeaders | undefined, now = signedAt + 500) =>
  verifyCommand({ subject, data, headers, key, now });

describe('signatureHeaders and verifyCommand', () => {
  it('accepts a command signed with the key, over its subject and data, within the window', () => {
    expect(verify(signed())).toEqual({ ok: true });
    expect(verify(signed(), signedAt - 59_000)).toEqual({ ok: true });
    expect(verify(signed(), signedAt + 60_000)).toEqual({ ok: true });
  });

  it('signs the time and base64url HMAC-SHA256 of "signedAt\\nsubject\\nJSON" in two headers', () => {
    const headers = signed();
    expect(headers.get(SIGNED_AT_HEADER)).toBe(String(signedAt));
    expect(headers.get(SIGNATURE_HEADER)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(headers.get(SIGNATURE_HEADER)).toBe(commandSignature({ subject, data, key, signedAt }));
  });

  it('accepts the data as the receiver parses it from the packet', () => {
    const packet = JSON.parse(JSON.stringify({ pattern: subject, data, id: 'x' })) as {
      data: unknown;
    };
    expect(
      verifyCommand({ subject, data: packet.data, headers: signed(), key, now: signedAt }),
    ).toEqual({ ok: true });
  });

  it('refuses tampered data', () => {
    const tampered = { ...data, moduleName: 'payments' };
    expect(
      verifyCommand({ subject, data: tampered, headers: signed(), key, now: signedAt }),
    ).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a command signed with another key', () => {
    expect(verify(signed({ key: otherKey }))).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a command moved to another subject', () => {
    const forNode = signed({ subject: 'hotswap.node.Production.production-01.install' });
    expect(verify(forNode)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a signed time changed after signing', () => {
    const headers = signed();
    headers.set(SIGNED_AT_HEADER, String(signedAt + 1));
    expect(verify(headers)).toEqual({ ok: false, reason: 'bad signature' });
  });

  it('refuses a genuine command older than the window (a replay), or too far ahead', () => {
    expect(verify(signed(), signedAt + 60_001)).toEqual({
      ok: false,
      reason: 'outside the replay window',
    });
    expect(verify(signed(), signedAt - 60_001)).toEqual({
      ok: false,
      reason: 'outside the replay window',
    });
    expect(
      verifyCommand({
        subject,
        data,
        headers: signed(),
        key,
        now: signedAt + 5_000,
        windowMs: 1_000,
      }),
    ).toEqual({ ok: false, reason: 'outside the replay window' });
  });

  it('calls a command without either header unsigned', () => {
    expect(verify(undefined)).toEqual({ ok: false, reason: 'unsigned' });
    expect(verify(natsHeaders())).toEqual({ ok: false, reason: 'unsigned' });
  });

  it('calls a command with one header only, or with garbage in them, malformed', () => {
    const signature = signed().get(SIGNATURE_HEADER);
    const onlySignature = natsHeaders();
    onlySignature.set(SIGNATURE_HEADER, signature);
    const onlyTime = natsHeaders();
    onlyTime.set(SIGNED_AT_HEADER, String(signedAt));
    const notATime = signed();
    notATime.set(SIGNED_AT_HEADER, 'yesterday');
    const notBase64url = signed();
    notBase64url.set(SIGNATURE_HEADER, `${signature.slice(0, 40)}+/=`);
    const tooShort = signed();
    tooShort.set(SIGNATURE_HEADER, signature.slice(0, 20));
    for (const headers of [onlySignature, onlyTime, notATime, notBase64url, tooShort]) {
      expect(verify(headers)).toEqual({ ok: false, reason: 'malformed signature' });
    }
  });

  it('reads headers through any get(), absent ones as undefined', () => {
    const headers = signed();
    const map = new Map([
      [SIGNED_AT_HEADER, headers.get(SIGNED_AT_HEADER)],
      [SIGNATURE_HEADER, headers.get(SIGNATURE_HEADER)],
    ]);
    expect(verify({ get: (name) => map.get(name) })).toEqual({ ok: true });
    expect(verify({ get: () => undefined })).toEqual({ ok: false, reason: 'unsigned' });
  });

  it('takes the key as hexadecimal text or as bytes, and refuses what is no key', () => {
    const bytes = Buffer.from(key, 'hex');
    expect(verifyCommand({ subject, data, headers: signed(), key: bytes, now: signedAt })).toEqual({
      ok: true,
    });
    expect(() => commandSignature({ subject, data, key: 'not hex', signedAt })).toThrow(
      /^The command signing key has an invalid value/,
    );
    expect(() => commandSignature({ subject, data, key: key.slice(0, 62), signedAt })).toThrow(
      /^The command signing key is too short/,
    );
    expect(() => commandSignature({ subject, data, key: bytes.subarray(0, 16), signedAt })).toThrow(
      'The command signing key has 16 bytes: expected at least 32',
    );
  });
});
