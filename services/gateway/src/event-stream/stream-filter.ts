import { EXECUTION_ID_PATTERN } from '@hotswap/contracts';
import type { Parsed } from '../http/parsed.js';
import { ENVIRONMENT_LIST, parseEnvironment } from '../http/parse-environment.js';
import type { PublicEvent } from './public-event.js';

/** Which events a subscriber wants (`?deploymentId=&environment=&type=&type=&category=`). */
export interface StreamFilter {
  readonly deploymentId?: string;
  readonly environment?: string;
  readonly types?: ReadonlySet<string>;
  readonly category?: string;
}

/** Where the stream starts: after `from` (Last-Event-ID or `?from=`), else at the end. */
export interface StreamRequest {
  readonly filter: StreamFilter;
  readonly from?: bigint;
  /** `hotswap` (public events, docs/events.md) or `cdevents` (the deployment lifecycle as CDEvents). */
  readonly format: StreamFormat;
}

export const STREAM_FORMATS = ['hotswap', 'cdevents'] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

const TYPE = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
const CATEGORY = /^[a-z][a-zA-Z0-9]{0,49}$/;
const POSITION = /^\d{1,30}$/;

export function matches(filter: StreamFilter, event: PublicEvent): boolean {
  return (
    (filter.deploymentId === undefined || event.deploymentId === filter.deploymentId) &&
    (filter.environment === undefined || event.environment === filter.environment) &&
    (filter.types === undefined || filter.types.has(event.type)) &&
    (filter.category === undefined || event.category === filter.category)
  );
}

/** The query and the `Last-Event-ID` header, each checked; every bad one is named. */
export function parseStreamRequest(
  query: Readonly<Record<string, unknown>>,
  lastEventId: string | undefined,
): Parsed<StreamRequest> {
  const fields: Record<string, string> = {};
  const one = (name: string, pattern: RegExp, expected: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' && pattern.test(value)) return value;
    fields[name] = typeof value === 'string' ? expected : 'must be given once';
    return undefined;
  };
  const deploymentId = one('deploymentId', EXECUTION_ID_PATTERN, 'must be an execution id');
  const category = one('category', CATEGORY, 'must be a category such as deployment or rollout');
  const rawEnvironment = one(
    'environment',
    /^[A-Za-z]{1,20}$/,
    `must be one of ${ENVIRONMENT_LIST}`,
  );
  const environment = rawEnvironment === undefined ? undefined : parseEnvironment(rawEnvironment);
  if (rawEnvironment !== undefined && !environment) {
    fields['environment'] = `must be one of ${ENVIRONMENT_LIST}`;
  }
  const rawTypes = query['type'];
  const typeList =
    rawTypes === undefined ? [] : Array.isArray(rawTypes) ? (rawTypes as unknown[]) : [rawTypes];
  if (!typeList.every((t) => typeof t === 'string' && TYPE.test(t))) {
    fields['type'] = 'must be event type names such as StageSucceeded (repeat type= for several)';
  }
  const from = one('from', POSITION, 'must be an event id (a global position) from this stream');
  const format = (one(
    'format',
    /^(hotswap|cdevents)$/,
    `must be one of ${STREAM_FORMATS.join(', ')}`,
  ) ?? 'hotswap') as StreamFormat;
  if (lastEventId !== undefined && !POSITION.test(lastEventId)) {
    fields['Last-Event-ID'] = 'must be an event id this stream sent';
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  const resumeAt = lastEventId ?? from;
  return {
    ok: true,
    value: {
      filter: {
        ...(deploymentId === undefined ? {} : { deploymentId }),
        ...(environment === undefined ? {} : { environment }),
        ...(typeList.length === 0 ? {} : { types: new Set(typeList as string[]) }),
        ...(category === undefined ? {} : { category }),
      },
      ...(resumeAt === undefined ? {} : { from: BigInt(resumeAt) }),
      format,
    },
  };
}
