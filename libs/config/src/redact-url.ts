/** The URL with any password replaced by `***`, for logs and printouts. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password === '') return value;
    url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}
