import { addDays, isoWeekday } from '../values/business-date';
import { WORKING_DAY_CALENDAR } from './calendar.data';
import { addWorkingDays, checkFeedbackDueOn, isWorkingDay, objectionDecisionDueOn } from './working-days';

describe('working-day calendar (domain.md §3)', () => {
  it.each([
    ['2025-01-28', false, 'Spring Festival 2025 starts on 除夕'],
    ['2025-02-04', false, 'Spring Festival 2025 ends'],
    ['2025-01-26', true, 'make-up Sunday before Spring Festival 2025'],
    ['2025-02-08', true, 'make-up Saturday after Spring Festival 2025'],
    ['2025-10-08', false, 'National Day + Mid-Autumn 2025, eighth day'],
    ['2025-09-28', true, 'make-up Sunday before National Day 2025'],
    ['2025-10-11', true, 'make-up Saturday after National Day 2025'],
    ['2024-02-10', false, 'Spring Festival 2024 starts'],
    ['2024-02-04', true, 'make-up Sunday 2024'],
    ['2024-02-18', true, 'make-up Sunday 2024'],
    ['2024-05-11', true, 'Labour Day make-up Saturday 2024'],
    ['2026-02-23', false, 'Spring Festival 2026, ninth day'],
    ['2026-02-28', true, 'make-up Saturday 2026'],
    ['2026-01-04', true, 'New Year make-up Sunday 2026'],
    ['2025-03-08', false, 'an ordinary Saturday'],
    ['2025-03-10', true, 'an ordinary Monday'],
  ])('%s is %s — %s', (date, working) => {
    expect(isWorkingDay(date)).toEqual({ working, calendarKnown: true });
  });

  it('every make-up day is a weekend day and no holiday range overlaps a make-up day', () => {
    for (const year of Object.values(WORKING_DAY_CALENDAR)) {
      for (const day of year.makeUpWorkingDays) {
        expect(isoWeekday(day)).toBeGreaterThanOrEqual(6);
        expect(year.holidays.some((h) => day >= h.from && day <= h.to)).toBe(false);
      }
    }
  });

  it('an objection filed before Spring Festival 2025 is due 7 working days later, skipping the holiday and counting the make-up days', () => {
    // Filed Fri 2025-01-24: Sun 26 (make-up), Mon 27, Feb 5, 6, 7, Sat 8 (make-up), Mon 10.
    expect(objectionDecisionDueOn('2025-01-24')).toEqual({ date: '2025-02-10', calendarKnown: true, yearsWithoutCalendar: [] });
  });

  it('a check performed on Thu 2025-09-25 needs feedback by Thu 2025-10-09, after the eight-day holiday', () => {
    // Fri 26, Sun 28 (make-up), Mon 29, Tue 30, Thu 10-09.
    expect(checkFeedbackDueOn('2025-09-25').date).toBe('2025-10-09');
  });

  it('a year without data falls back to weekends only and says so', () => {
    expect(isWorkingDay('2027-10-01')).toEqual({ working: true, calendarKnown: false });
    expect(isWorkingDay('2027-10-02')).toEqual({ working: false, calendarKnown: false });
    expect(addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-04', calendarKnown: false, yearsWithoutCalendar: [2027] });
  });

  it('zero working days is the same day', () => {
    expect(addWorkingDays('2025-10-01', 0).date).toBe('2025-10-01');
    expect(addDays('2025-10-01', 0)).toBe('2025-10-01');
  });
});

describe('the calendar data', () => {
  it('files every holiday and make-up day under its own year, which is where isWorkingDay looks (a notice may name days of the year before)', () => {
    for (const [year, calendar] of Object.entries(WORKING_DAY_CALENDAR)) {
      const dates = [...calendar.holidays.flatMap((h) => [h.from, h.to]), ...calendar.makeUpWorkingDays];
      expect(dates.filter((date) => !date.startsWith(`${year}-`))).toEqual([]);
      for (const holiday of calendar.holidays) expect(holiday.from <= holiday.to).toBe(true);
    }
  });
});
