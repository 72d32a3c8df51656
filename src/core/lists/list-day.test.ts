import { describe, expect, it } from 'vitest';
import { listDay } from './list-day';

describe('listDay', () => {
  it('is the UTC day, whatever the local time zone says', () => {
    // 23:30 in California on 1 March is already 2 March in UTC.
    expect(listDay(new Date('2026-03-01T23:30:00-08:00'))).toBe('2026-03-02');
    // 00:30 in Delhi on 2 March is still 1 March in UTC.
    expect(listDay(new Date('2026-03-02T00:30:00+05:30'))).toBe('2026-03-01');
  });
  it('defaults to now', () => {
    expect(listDay()).toBe(new Date().toISOString().slice(0, 10));
  });
});
