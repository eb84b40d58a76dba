import { addDays, isoWeekday } from '../values/business-date';
import { WORKING_DAY_CALENDAR } from './calendar.data';
import { addWorkingDays, CalendarDataError, checkFeedbackDueOn, isWorkingDay, objectionDecisionDueOn, parseYearCalendars, WorkingDayCalendar } from './working-days';

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

describe("a deployment's calendar file (parseYearCalendars, WorkingDayCalendar.withYears)", () => {
  // A test year, not the State Council's notice for 2027 (not shipped: see calendar.data.ts).
  const TEST_2027 = {
    '2027': {
      notice: 'test fixture',
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      makeUpWorkingDays: ['2027-01-09'],
    },
  };

  it('adds a year: its holidays are skipped and its make-up days count, and the answer says the calendar was known', () => {
    const calendar = WorkingDayCalendar.shipped().withYears(parseYearCalendars(TEST_2027));
    expect(calendar.years()).toEqual([2024, 2025, 2026, 2027]);
    expect(calendar.sourceOf(2026)).toBe('shipped');
    expect(calendar.sourceOf(2027)).toBe('deployment');
    expect(calendar.isWorkingDay('2027-01-01')).toEqual({ working: false, calendarKnown: true });
    expect(calendar.isWorkingDay('2027-01-09')).toEqual({ working: true, calendarKnown: true });
    // Wed 2026-12-30: Thu Dec 31, (holiday Jan 1–3), Mon Jan 4, 5, 6, 7, Fri 8, Sat 9 (make-up).
    expect(objectionDecisionDueOn('2026-12-30', calendar)).toEqual({ date: '2027-01-09', calendarKnown: true, yearsWithoutCalendar: [] });
    expect(addWorkingDays('2026-12-30', 3, calendar)).toEqual({ date: '2027-01-05', calendarKnown: true, yearsWithoutCalendar: [] });
    expect(checkFeedbackDueOn('2027-12-30', calendar)).toEqual({ date: '2028-01-06', calendarKnown: false, yearsWithoutCalendar: [2028] });
  });

  it('leaves the shipped calendar as it was (a calendar is a value)', () => {
    WorkingDayCalendar.shipped().withYears(parseYearCalendars(TEST_2027));
    expect(WorkingDayCalendar.shipped().has(2027)).toBe(false);
    expect(isWorkingDay('2027-01-01')).toEqual({ working: true, calendarKnown: false });
  });

  it('replaces a shipped year the file names again (a correction notice)', () => {
    const corrected = { '2026': { notice: 'test fixture: a correction', holidays: [], makeUpWorkingDays: [] } };
    const calendar = WorkingDayCalendar.shipped().withYears(parseYearCalendars(corrected));
    expect(calendar.sourceOf(2026)).toBe('deployment');
    expect(calendar.replacesShipped(2026)).toBe(true);
    expect(calendar.deploymentYears()).toEqual(corrected);
    expect(WorkingDayCalendar.shipped().withYears(calendar.deploymentYears()).isWorkingDay('2026-10-01')).toEqual({ working: true, calendarKnown: true });
    expect(calendar.isWorkingDay('2026-10-01')).toEqual({ working: true, calendarKnown: true });
  });

  it('refuses what the shipped data would not pass, listing every problem with its place in the file', () => {
    const bad = {
      '27': {},
      '2028': 'soon',
      '2029': {
        notice: ' ',
        holidays: [
          { name: '春节', from: '2029-02-20', to: '2029-02-14' },
          { name: '', from: '2028-12-31', to: '2029-13-01', days: 3 },
          'national day',
        ],
        makeUpWorkingDays: ['2029-02-12', '2029-02-17', '2029-03-03', '2030-01-05'],
        makeupWorkingDays: [],
      },
      '2030': { notice: 'n', holidays: {} },
    };
    let problems: string[] = [];
    try {
      parseYearCalendars(bad);
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarDataError);
      problems = (error as CalendarDataError).problems;
    }
    expect(problems).toEqual([
      '"27": not a year (four digits, e.g. "2027")',
      '2028: must be an object with notice, holidays and makeUpWorkingDays',
      '2029.makeupWorkingDays: unknown field (expected notice, holidays, makeUpWorkingDays)',
      '2029.notice: the notice the dates come from is required (e.g. 国务院办公厅关于2029年部分节假日安排的通知)',
      '2029.holidays[0]: from 2029-02-20 is after to 2029-02-14',
      '2029.holidays[1].days: unknown field (expected name, from, to)',
      '2029.holidays[1].name: required (e.g. 春节)',
      '2029.holidays[1].from: 2028-12-31 is not in 2029 (file it under its own year)',
      '2029.holidays[1].to: not a date YYYY-MM-DD (got "2029-13-01")',
      '2029.holidays[2]: must be { name, from, to }',
      '2029.makeUpWorkingDays[0]: 2029-02-12 is a weekday; make-up working days (调休上班) are Saturdays or Sundays',
      '2029.makeUpWorkingDays[3]: 2030-01-05 is not in 2029 (file it under its own year)',
      '2030.holidays: must be a list of { name, from, to }',
      '2030.makeUpWorkingDays: must be a list of dates (an empty list when the notice names none)',
    ]);
    expect(() => parseYearCalendars([TEST_2027])).toThrow('the calendar must be a JSON object keyed by year');
    const twice = { '2031': { notice: 'n', holidays: [{ name: 'a', from: '2031-01-01', to: '2031-01-03' }, { name: 'b', from: '2031-01-03', to: '2031-01-04' }], makeUpWorkingDays: ['2031-01-11', '2031-01-11'] } };
    expect(() => parseYearCalendars(twice)).toThrow(/2031\.holidays\[1\]: 2031-01-03\.\.2031-01-04 overlaps a \(2031-01-01\.\.2031-01-03\)[\s\S]*2031\.makeUpWorkingDays\[1\]: 2031-01-11 is listed twice/);
  });

  it('accepts every shipped year written as a file (the file has the shape of calendar.data.ts)', () => {
    const asFile = JSON.parse(JSON.stringify(WORKING_DAY_CALENDAR));
    expect(parseYearCalendars(asFile)).toEqual(WORKING_DAY_CALENDAR);
  });
});
