/**
 * A server the service needs (NATS, Redis, the event store) could not be reached at start-up.
 * An operational condition, not a bug: its message says which server and which variable points
 * at it, and a stack trace would add nothing.
 */
export class DependencyUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DependencyUnavailable';
  }
}
