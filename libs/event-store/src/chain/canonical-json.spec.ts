import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('writes one text whatever order the keys were built in, nested objects too', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } };
    const b = { a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('reads back what JSON.stringify stores: undefined left out of objects, null in arrays', () => {
    const value = { kept: null, gone: undefined, list: [undefined, () => 1, 2], when: new Date(0) };
    expect(canonicalJson(value)).toBe(
      '{"kept":null,"list":[null,null,2],"when":"1970-01-01T00:00:00.000Z"}',
    );
    // The same text as for the value a store gives back after a JSON round trip.
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([NaN, Infinity, -0, 1e21, 0.1])).toBe('[null,null,0,1e+21,0.1]');
  });

  it('writes a bigint as its digits, the same as the number it stands for', () => {
    expect(canonicalJson({ revision: 12345678901234567890n })).toBe(
      '{"revision":12345678901234567890}',
    );
    expect(canonicalJson(5n)).toBe(canonicalJson(5));
  });

  it('keeps unicode as it is and sorts keys by UTF-16 code units (RFC 8785)', () => {
    expect(canonicalJson({ é: 'ü', '😀': 1, z: '\u2028', '\u20ac': 2 })).toBe(
      '{"z":"\u2028","é":"ü","€":2,"😀":1}',
    );
    // No normalisation: a composed and a decomposed é are different content.
    expect(canonicalJson('\u00e9')).not.toBe(canonicalJson('e\u0301'));
    // A lone surrogate is escaped, so the text is well-formed UTF-8.
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
  });
});
