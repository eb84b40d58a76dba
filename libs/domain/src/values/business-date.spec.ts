import fc from 'fast-check';
import {
  addDays,
  businessDateOfInstant,
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

  it('gives the business date of an instant in China Standard Time: the day turns at 16:00 UTC', () => {
    expect(businessDateOfInstant(Date.parse('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(businessDateOfInstant(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(businessDateOfInstant(Date.parse('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
    expect(businessDateOfInstant(Date.parse('2026-11-22T00:30:00+08:00'))).toBe('2026-11-22');
    expect(businessDateOfInstant(Date.parse('1969-12-31T15:59:59.999Z'))).toBe('1969-12-31');
    expect(businessDateOfInstant(Date.parse('1969-12-31T16:00:00Z'))).toBe('1970-01-01');
  });

  it('agrees with the calendar date eight hours on, for any instant from 1900 to 9999', () => {
    const instants = fc.integer({ min: Date.parse('1900-01-01T00:00:00Z'), max: Date.parse('9999-12-31T15:59:59.999Z') });
    fc.assert(
      fc.property(instants, (ms) => {
        expect(businessDateOfInstant(ms)).toBe(new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
  });

  it.each([NaN, Infinity, -Infinity])('refuses %p as an instant', (ms) => {
    expect(() => businessDateOfInstant(ms)).toThrow(RangeError);
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

  it('parses exactly what /^(\\d{4})-(\\d{2})-(\\d{2})$/ and the calendar accept', () => {
    const reference = (value: string) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return undefined;
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const last = month === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
      return year < 1 || month < 1 || month > 12 || day < 1 || day > last ? undefined : { year, month, day };
    };
    const chars = fc.constantFrom('0', '1', '2', '9', '-', '/', ' ', '\n', '１', '٣', 'a', '+', '.', ':');
    const dateLike = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
      ([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    );
    const edited = fc.tuple(dateLike, fc.nat({ max: 11 }), chars, fc.boolean()).map(([date, at, c, replace]) => date.slice(0, at) + c + date.slice(replace ? at + 1 : at));
    fc.assert(
      fc.property(fc.oneof(dateLike, edited, fc.string({ maxLength: 12 })), (value) => {
        expect(parseBusinessDate(value)).toEqual(reference(value));
      }),
      { numRuns: 3000 },
    );
    for (const value of [null, undefined, 20250101, {}, ['2025-01-01']]) expect(parseBusinessDate(value)).toBeUndefined();
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
