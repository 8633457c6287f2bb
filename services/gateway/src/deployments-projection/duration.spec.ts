import { durationBetween, formatDuration } from './duration.js';

describe('durations as hh:mm:ss.fff', () => {
  it.each([
    [0, '00:00:00.000'],
    [7, '00:00:00.007'],
    [1_234, '00:00:01.234'],
    [61_000, '00:01:01.000'],
    [3_600_000 + 2 * 60_000 + 3_004, '01:02:03.004'],
    [27 * 3_600_000, '27:00:00.000'],
    [-5, '00:00:00.000'],
  ])('%d ms is %s', (milliseconds, formatted) => {
    expect(formatDuration(milliseconds)).toBe(formatted);
  });

  it('measures between two ISO-8601 times, and is null until both are known', () => {
    expect(durationBetween('2025-01-01T10:00:00.000Z', '2025-01-01T10:00:02.500Z')).toBe(
      '00:00:02.500',
    );
    expect(durationBetween('2025-01-01T10:00:00.000Z', null)).toBeNull();
    expect(durationBetween('not a time', '2025-01-01T10:00:00.000Z')).toBeNull();
  });
});
