import fc from 'fast-check';
import { daysInMonth, fromDayNumber, toDayNumber } from './business-date';
import { addMonthsCivil, addYearsCivil, firstDayAfter, months, periodLastDay, years } from './civil-period';

describe('Civil Code periods (Arts. 201, 203)', () => {
  it('2024-02-29 + 3 years ends on 2027-02-28 (no 29 February that year)', () => {
    expect(addYearsCivil('2024-02-29', 3)).toBe('2027-02-28');
  });

  it('2025-03-10 + 3 years ends on 2028-03-10', () => {
    expect(addYearsCivil('2025-03-10', 3)).toBe('2028-03-10');
  });

  it('2026-01-31 + 1 month ends on 2026-02-28', () => {
    expect(addMonthsCivil('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('2024-01-31 + 1 month ends on 2024-02-29 in a leap year', () => {
    expect(addMonthsCivil('2024-01-31', 1)).toBe('2024-02-29');
  });

  it('the first eligible day is the day after the last day', () => {
    expect(periodLastDay('2025-11-30', months(3))).toBe('2026-02-28');
    expect(firstDayAfter('2025-11-30', months(3))).toBe('2026-03-01');
    expect(firstDayAfter('2024-02-29', years(3))).toBe('2027-03-01');
  });

  /** Reference: walk one day at a time, counting month boundaries. */
  function referenceAddMonths(start: string, n: number): string {
    const [sy, sm, sd] = start.split('-').map(Number);
    const targetIndex = sy * 12 + sm - 1 + n;
    const ty = Math.floor(targetIndex / 12);
    const tm = (targetIndex % 12) + 1;
    let day = toDayNumber(start);
    let last = start;
    for (;;) {
      const current = fromDayNumber(day);
      const [y, m, d] = current.split('-').map(Number);
      if (y * 12 + m - 1 > targetIndex) return last;
      if (y === ty && m === tm) {
        last = current;
        if (d === sd || d === daysInMonth(y, m)) return current;
      }
      day += 1;
    }
  }

  it('agrees with a day-by-day reference over 2000–2100', () => {
    const startDay = toDayNumber('2000-01-01');
    const endDay = toDayNumber('2090-12-31');
    fc.assert(
      fc.property(fc.integer({ min: startDay, max: endDay }), fc.integer({ min: 0, max: 120 }), (n, k) => {
        const start = fromDayNumber(n);
        expect(addMonthsCivil(start, k)).toBe(referenceAddMonths(start, k));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: startDay, max: endDay }), fc.integer({ min: 0, max: 10 }), (n, k) => {
        const start = fromDayNumber(n);
        expect(addYearsCivil(start, k)).toBe(referenceAddMonths(start, 12 * k));
      }),
      { numRuns: 200 },
    );
  });
});
