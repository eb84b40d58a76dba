import fc from 'fast-check';
import {
  addDays,
  compareDates,
  fromDayNumber,
  isBusinessDate,
  isoWeekday,
  parseBusinessDate,
  toDayNumber,
} from './business-date';
import { isValidPersonId, isValidRegionCode } from './identifiers';

describe('business dates', () => {
  it.each(['2025-02-30', '2023-02-29', '2025-13-01', '2025-04-31', '2025-1-01', '2025-01-01T00:00:00Z', ''])(
    'rejects the impossible or malformed date %p',
    (value) => expect(isBusinessDate(value)).toBe(false),
  );

  it.each(['2024-02-29', '2000-02-29', '2025-12-31'])('accepts %s', (value) => expect(isBusinessDate(value)).toBe(true));

  it('rejects 1900-02-29 (century rule) and accepts 2000-02-29 (400 rule)', () => {
    expect(parseBusinessDate('1900-02-29')).toBeUndefined();
    expect(parseBusinessDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('knows weekdays (2025-10-01 was a Wednesday)', () => {
    expect(isoWeekday('2025-10-01')).toBe(3);
    expect(isoWeekday('1970-01-01')).toBe(4);
  });

  it('orders dates', () => {
    expect(compareDates('2026-03-31', '2026-04-01')).toBeLessThan(0);
    expect(compareDates('2026-04-01', '2026-04-01')).toBe(0);
  });

  it('round-trips day numbers and agrees with ordering', () => {
    fc.assert(
      fc.property(fc.integer({ min: -50_000, max: 100_000 }), fc.integer({ min: -400, max: 400 }), (n, d) => {
        const date = fromDayNumber(n);
        expect(isBusinessDate(date)).toBe(true);
        expect(toDayNumber(date)).toBe(n);
        expect(Math.sign(compareDates(date, fromDayNumber(n + d)))).toBe(Math.sign(-d) + 0);
      }),
    );
  });
});

describe('identifiers', () => {
  it('personId is 1–64 of A-Za-z0-9_-', () => {
    expect(isValidPersonId('p_001-A')).toBe(true);
    expect(isValidPersonId('')).toBe(false);
    expect(isValidPersonId('x'.repeat(65))).toBe(false);
    expect(isValidPersonId('370102199001011234 ')).toBe(false);
  });

  it('region code is 6 digits', () => {
    expect(isValidRegionCode('370100')).toBe(true);
    expect(isValidRegionCode('37010')).toBe(false);
    expect(isValidRegionCode('37010A')).toBe(false);
  });
});
