/**
 * One text per JSON value, whatever order its keys were built in, so that a hash computed when an
 * event is appended is computed again, byte for byte, from the event as any adapter reads it back.
 * It follows RFC 8785 (JSON Canonicalization Scheme): object keys sorted by UTF-16 code units,
 * no whitespace, numbers and strings written as ECMAScript's JSON.stringify writes them. Values
 * that have no JSON form are treated as JSON.stringify treats them, because that is what the
 * stores keep: `toJSON()` is called (a Date becomes its ISO string), object members whose value is
 * undefined, a function or a symbol are left out, and in arrays they become null. Beyond RFC 8785,
 * a bigint is written as its decimal digits (a JSON number of any size), so that a revision is
 * hashed as the number it is.
 *
 * It runs on every append, so it builds strings by concatenation and sorts only keys that are not
 * already in order.
 */
export function canonicalJson(value: unknown): string {
  return write(value, false) ?? 'null';
}

/** The value's text, or undefined for a value JSON.stringify would leave out of an object. */
function write(value: unknown, inArray: boolean): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // Number#toString is the ES number serialisation RFC 8785 asks for; NaN and ±Infinity
      // become null, as in JSON.stringify.
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? 'null' : undefined;
    default:
      return writeObject(value, inArray);
  }
}

function writeObject(value: object, inArray: boolean): string | undefined {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write(toJSON.call(value) as unknown, inArray);
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      text += write(value[i] as unknown, true)!;
    }
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = sortedKeys(record);
  let text = '{';
  for (const key of keys) {
    const member = write(record[key], false);
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${member}`;
  }
  return `${text}}`;
}

/** The default sort compares UTF-16 code units, which is RFC 8785's key order. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) return keys.sort();
  }
  return keys;
}
