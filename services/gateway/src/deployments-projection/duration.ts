/**
 * Durations in the API are `hh:mm:ss.fff` (hours not limited to 24: `27:00:00.000`), as the system
 * HotSwap replaces wrote them, so its clients keep parsing them.
 */
export function formatDuration(milliseconds: number): string {
  const total = Math.max(0, Math.round(milliseconds));
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor(total / 60_000) % 60;
  const seconds = Math.floor(total / 1_000) % 60;
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(total % 1_000, 3)}`;
}

/** The duration from one ISO-8601 time to another; null when either is missing or not a time. */
export function durationBetween(start: string | null, end: string | null): string | null {
  if (start === null || end === null) return null;
  const milliseconds = Date.parse(end) - Date.parse(start);
  return Number.isNaN(milliseconds) ? null : formatDuration(milliseconds);
}
