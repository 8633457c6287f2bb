/** The result of checking a request's input: the value, or one message per bad field or parameter. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly fields: Readonly<Record<string, string>> };
