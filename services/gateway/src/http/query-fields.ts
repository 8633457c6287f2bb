/**
 * A query string read parameter by parameter, as bodyFields reads a body: `single(name)` is the
 * value given once (a repeated one is noted in `fields`), `limit(name, fallback, max)` a whole
 * number from 1 to `max`; one 400 then names every bad parameter.
 */
export function queryFields(query: Readonly<Record<string, unknown>>) {
  const fields: Record<string, string> = {};
  const single = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || typeof value === 'string') return value;
    fields[name] = 'must be given once';
    return undefined;
  };
  const limit = (name: string, fallback: number, max: number): number => {
    const raw = single(name);
    const value = raw === undefined ? fallback : Number(raw);
    if (!/^\d+$/.test(raw ?? '1') || value < 1 || value > max) {
      fields[name] = `must be an integer from 1 to ${max}`;
    }
    return value;
  };
  return { fields, single, limit };
}
