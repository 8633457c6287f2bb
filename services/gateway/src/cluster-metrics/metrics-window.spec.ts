import { formatDuration, parseMetricsWindow } from './metrics-window.js';

const HOUR = 3_600_000;

describe('the metrics window', () => {
  it('is 5 minutes by default', () => {
    expect(parseMetricsWindow(undefined, HOUR)).toEqual({
      ok: true,
      value: { text: '5m', ms: 300_000 },
    });
  });

  it('is the whole retention by default when that is shorter', () => {
    expect(parseMetricsWindow(undefined, 120_000)).toEqual({
      ok: true,
      value: { text: '2m', ms: 120_000 },
    });
  });

  it.each([
    ['30s', 30_000],
    ['1s', 1_000],
    ['5m', 300_000],
    ['90m', 5_400_000],
    ['1h', HOUR],
  ])('reads %s', (text, ms) => {
    expect(parseMetricsWindow(text, 2 * HOUR)).toEqual({ ok: true, value: { text, ms } });
  });

  it.each(['', '5', 'm', '0s', '0m', '-5m', '5 m', '5M', '1.5h', '5ms', '1d', '10000000s', '2h'])(
    'refuses %p, naming the retention as the limit',
    (text) => {
      expect(parseMetricsWindow(text, HOUR)).toEqual({
        ok: false,
        fields: {
          window:
            'must be a duration such as 30s, 5m or 1h (a whole number of s, m or h), ' +
            'at most 1h (the telemetry retention)',
        },
      });
    },
  );

  it('refuses a window given twice', () => {
    expect(parseMetricsWindow(['1m', '5m'], HOUR)).toEqual({
      ok: false,
      fields: { window: 'must be given once' },
    });
  });
});

describe('a duration in words', () => {
  it.each([
    [HOUR, '1h'],
    [24 * HOUR, '24h'],
    [5_400_000, '90m'],
    [45_000, '45s'],
    [1_500, '1500ms'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
