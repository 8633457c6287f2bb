import { createHmac, timingSafeEqual } from 'node:crypto';
import { headers as natsHeaders, type MsgHdrs } from 'nats';
import { NATS_SIGNING_KEY_MIN_BYTES, natsSigningKeyProblem } from '@hotswap/config';

/**
 * The HMAC that a command on NATS carries (docs/adr/0006-signed-nats-commands.md): two headers,
 * `Hotswap-Signed-At` (milliseconds since the epoch) and `Hotswap-Signature`, the base64url
 * HMAC-SHA256, under the shared key, of `${signedAt}\n${subject}\n${JSON.stringify(data)}` where
 * `data` is the NestJS packet's `data` field. The subject is signed so a command cannot be moved to
 * another handler or node; the time so a captured command cannot be replayed after the window.
 */
export const SIGNED_AT_HEADER = 'Hotswap-Signed-At';
export const SIGNATURE_HEADER = 'Hotswap-Signature';

/** How far a command's signing time may be from the receiver's clock, either way. */
export const DEFAULT_REPLAY_WINDOW_MS = 60_000;

/** The key as configured: hexadecimal text (HOTSWAP_NATS_SIGNING_KEY), or its bytes. */
export type CommandSigningKey = string | Uint8Array;

/** What verifyCommand needs of a message's headers; nats.js `MsgHdrs` is one. */
export interface CommandHeaders {
  /** The header's value, '' (nats.js) or undefined when it is absent. */
  get(name: string): string | undefined;
}

export type CommandVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason:
        | 'unsigned'
        | 'malformed signature'
        | 'bad signature'
        | 'outside the replay window';
    };

export type CommandRefusalReason = Extract<CommandVerdict, { ok: false }>['reason'];

const SIGNATURE_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MILLISECONDS = /^\d{1,16}$/;

/** The signature of a command sent on `subject` at `signedAt` (ms since the epoch). */
export function commandSignature({
  subject,
  data,
  key,
  signedAt,
}: {
  readonly subject: string;
  readonly data: unknown;
  readonly key: CommandSigningKey;
  readonly signedAt: number;
}): string {
  return hmac(key, signedAt, subject, data).toString('base64url');
}

/** The headers that sign a command: what sendCommand adds to every request when it has a key. */
export function signatureHeaders(command: {
  readonly subject: string;
  readonly data: unknown;
  readonly key: CommandSigningKey;
  readonly signedAt: number;
}): MsgHdrs {
  const headers = natsHeaders();
  headers.set(SIGNED_AT_HEADER, String(command.signedAt));
  headers.set(SIGNATURE_HEADER, commandSignature(command));
  return headers;
}

/**
 * Checks a received command's signature (compared in constant time), then its age: a command is
 * accepted when it is signed with `key` over this subject and data, at most `windowMs` from `now`.
 */
export function verifyCommand({
  subject,
  data,
  headers,
  key,
  now,
  windowMs = DEFAULT_REPLAY_WINDOW_MS,
}: {
  readonly subject: string;
  readonly data: unknown;
  readonly headers: CommandHeaders | undefined;
  readonly key: CommandSigningKey;
  /** The receiver's clock, ms since the epoch. */
  readonly now: number;
  readonly windowMs?: number;
}): CommandVerdict {
  const signedAtText = headers?.get(SIGNED_AT_HEADER) ?? '';
  const signatureText = headers?.get(SIGNATURE_HEADER) ?? '';
  if (signedAtText === '' && signatureText === '') return { ok: false, reason: 'unsigned' };
  if (!MILLISECONDS.test(signedAtText) || !BASE64URL.test(signatureText)) {
    return { ok: false, reason: 'malformed signature' };
  }
  const given = Buffer.from(signatureText, 'base64url');
  if (given.length !== SIGNATURE_BYTES) return { ok: false, reason: 'malformed signature' };
  const signedAt = Number(signedAtText);
  if (!timingSafeEqual(given, hmac(key, signedAt, subject, data))) {
    return { ok: false, reason: 'bad signature' };
  }
  if (Math.abs(now - signedAt) > windowMs) {
    return { ok: false, reason: 'outside the replay window' };
  }
  return { ok: true };
}

let lastKey: { readonly text: string; readonly bytes: Uint8Array } | undefined;

function hmac(key: CommandSigningKey, signedAt: number, subject: string, data: unknown): Buffer {
  // JSON.stringify(undefined) is undefined, not text: a packet without data signs as 'null'.
  const body = JSON.stringify(data) ?? 'null';
  return createHmac('sha256', keyBytes(key)).update(`${signedAt}\n${subject}\n${body}`).digest();
}

/** Refuses a key that is no key (Buffer.from would quietly turn bad hex into a short or empty key). */
function keyBytes(key: CommandSigningKey): Uint8Array {
  if (typeof key === 'string') {
    // Every command signs or checks with the same key: check and decode it once, not per command.
    if (lastKey?.text === key) return lastKey.bytes;
    const problem = natsSigningKeyProblem(key);
    if (problem !== undefined) throw new RangeError(`The command signing key ${problem}`);
    lastKey = { text: key, bytes: Buffer.from(key, 'hex') };
    return lastKey.bytes;
  }
  if (key.length < NATS_SIGNING_KEY_MIN_BYTES) {
    throw new RangeError(
      `The command signing key has ${key.length} bytes: expected at least ${NATS_SIGNING_KEY_MIN_BYTES}`,
    );
  }
  return key;
}
