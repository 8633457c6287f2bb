import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * The error bodies of the REST API: `{ statusCode, error, message }`, plus `fields` (one message per
 * bad field or parameter) on a 400. Nest sends an HttpException's object body as it is.
 */
export interface ApiErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
  readonly fields?: Readonly<Record<string, string>>;
}

function apiError(
  status: HttpStatus,
  error: string,
  message: string,
  fields?: Readonly<Record<string, string>>,
) {
  const body: ApiErrorBody = { statusCode: status, error, message, ...(fields ? { fields } : {}) };
  return new HttpException(body, status);
}

export function badRequest(
  message: string,
  fields: Readonly<Record<string, string>>,
): HttpException {
  return apiError(HttpStatus.BAD_REQUEST, 'Bad Request', message, fields);
}

/** `Invalid <what>: <field>: <problem>; …`, so the message alone says what to fix. */
export function invalidFieldsMessage(what: string, fields: Readonly<Record<string, string>>) {
  const problems = Object.entries(fields).map(([field, problem]) => `${field} ${problem}`);
  return `Invalid ${what}: ${problems.join('; ')}`;
}

export function unauthorized(message: string): HttpException {
  return apiError(HttpStatus.UNAUTHORIZED, 'Unauthorized', message);
}

export function forbidden(message: string): HttpException {
  return apiError(HttpStatus.FORBIDDEN, 'Forbidden', message);
}

export function tooManyRequests(message: string): HttpException {
  return apiError(HttpStatus.TOO_MANY_REQUESTS, 'Too Many Requests', message);
}

export function notFound(message: string): HttpException {
  return apiError(HttpStatus.NOT_FOUND, 'Not Found', message);
}

export function conflict(message: string): HttpException {
  return apiError(HttpStatus.CONFLICT, 'Conflict', message);
}

export function serviceUnavailable(message: string): HttpException {
  return apiError(HttpStatus.SERVICE_UNAVAILABLE, 'Service Unavailable', message);
}

export function badGateway(message: string): HttpException {
  return apiError(HttpStatus.BAD_GATEWAY, 'Bad Gateway', message);
}
