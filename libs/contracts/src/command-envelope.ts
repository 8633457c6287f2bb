/**
 * Commands between services: NATS request/reply (NestJS @MessagePattern on the subject, one queue
 * group per service). Every command carries who asks, a `commandId` that makes a retry harmless,
 * and the trace context. The reply is an acknowledgement or a typed error (CommandReply), never a
 * result that exists only in memory.
 */
export interface CommandEnvelope {
  readonly commandId: string;
  /** A user's email, or `service:<name>` for a service acting on its own. */
  readonly actor: string;
  readonly traceparent?: string;
}

export interface CommandError {
  /**
   * VALIDATION_FAILED: the command is malformed (see `fields`); NOT_FOUND; CONFLICT: it contradicts
   * what is recorded (e.g. the same id with other data); OPERATION_FAILED: it was carried out and
   * failed (a node's install); UNAVAILABLE: a dependency did not answer; INTERNAL: a bug;
   * UNAUTHORIZED: the receiver refused the command unread because it was unsigned, badly signed
   * or signed outside the replay window (docs/adr/0006-signed-nats-commands.md): the sender's
   * HOTSWAP_NATS_SIGNING_KEY or clock differs from the receiver's, or someone forged it.
   */
  readonly code:
    | 'VALIDATION_FAILED'
    | 'NOT_FOUND'
    | 'CONFLICT'
    | 'OPERATION_FAILED'
    | 'UNAVAILABLE'
    | 'INTERNAL'
    | 'UNAUTHORIZED';
  readonly message: string;
  /** Per field, for VALIDATION_FAILED. */
  readonly fields?: Readonly<Record<string, string>>;
}

export type CommandReply<T extends object = object> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly error: CommandError };
