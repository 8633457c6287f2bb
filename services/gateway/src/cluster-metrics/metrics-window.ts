import type { Parsed } from '../http/parsed.js';

/** How far back `GET …/clusters/{environment}/metrics` looks: `?window=30s`, `5m`, `1h`. */
export interface MetricsWindow {
  /** As the client wrote it, echoed in the answer. */
  readonly text: string;
  readonly ms: number;
}

export const DEFAULT_WINDOW: MetricsWindow = { text: '5m', ms: 5 * 60_000 };

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;
const WINDOW = /^([1-9]\d{0,6})([smh])$/;

/** `?window=`: a whole number of seconds, minutes or hours, at most the telemetry retention. */
export function parseMetricsWindow(value: unknown, retentionMs: number): Parsed<MetricsWindow> {
  if (value === undefined) {
    return {
      ok: true,
      value: DEFAULT_WINDOW.ms <= retentionMs ? DEFAULT_WINDOW : whole(retentionMs),
    };
  }
  if (typeof value !== 'string') return { ok: false, fields: { window: 'must be given once' } };
  const match = WINDOW.exec(value);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : Number.NaN;
  if (!(ms <= retentionMs)) {
    const problem =
      `must be a duration such as 30s, 5m or 1h (a whole number of s, m or h), ` +
      `at most ${formatDuration(retentionMs)} (the telemetry retention)`;
    return { ok: false, fields: { window: problem } };
  }
  return { ok: true, value: { text: value, ms } };
}

/** `1h`, `90m`, `45s`: the largest unit that divides `ms` exactly (`1500ms` when none does). */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** The retention as a window, when it is shorter than the default one. */
function whole(retentionMs: number): MetricsWindow {
  return { text: formatDuration(retentionMs), ms: retentionMs };
}
