import { NatsError } from 'nats';
import { EventStoreUnavailable } from '../errors.js';

/** JetStream's answer to a publish whose Nats-Expected-Last-Subject-Sequence did not hold. */
const WRONG_LAST_SEQUENCE = 10071;

export function isWrongLastSequence(error: unknown): boolean {
  return (
    error instanceof NatsError &&
    (error.api_error?.err_code === WRONG_LAST_SEQUENCE ||
      /wrong last sequence/i.test(error.message))
  );
}

export function isNotFound(error: unknown): boolean {
  return error instanceof NatsError && error.code === '404';
}

const UNAVAILABLE_CODES = new Set([
  'TIMEOUT',
  '503',
  'CONNECTION_CLOSED',
  'DISCONNECT',
  'CONNECTION_REFUSED',
]);

/** Connection-level failures become EventStoreUnavailable; everything else is rethrown as it is. */
export function translate(error: unknown, doing: string): unknown {
  if (error instanceof NatsError && UNAVAILABLE_CODES.has(error.code)) {
    return new EventStoreUnavailable(`JetStream did not answer while ${doing}: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

/** Errors after which a subscription may open a new consumer and go on. */
export function isRecoverable(error: unknown): boolean {
  return (
    error instanceof NatsError &&
    (UNAVAILABLE_CODES.has(error.code) ||
      error.code === '409' ||
      /consumer (deleted|not found)|heartbeats missed/i.test(error.message))
  );
}
