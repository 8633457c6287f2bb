/**
 * What every category's mapping from recorded to public data is made of: one function per
 * recorded event type (a missing one does not compile), each giving the type's public shape.
 */
export type PublicMappers<
  Event extends { readonly type: string; readonly data: unknown },
  Shapes extends { readonly [T in Event['type']]: object },
> = {
  readonly [T in Event['type']]: (data: Extract<Event, { type: T }>['data']) => Shapes[T];
};

/** A time as ISO-8601 in UTC (`2026-11-22T10:00:04.012Z`); text that is not a time stays as it is. */
export function isoTime(value: string): string {
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? value : new Date(parsed).toISOString();
}

/** At most this many entries of a list of nodes are copied; the count says how many there were. */
export const LISTED_AT_MOST = 10;

/** The first LISTED_AT_MOST entries of a list that may be as long as a cluster. */
export function firstListed<T>(entries: readonly T[]): T[] {
  return entries.slice(0, LISTED_AT_MOST);
}
