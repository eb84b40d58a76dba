/**
 * Working-day arithmetic for SLAs (domain.md §3): weekends and listed public holidays are skipped,
 * make-up working days count. A year missing from the calendar falls back to weekends only, and
 * every answer says whether the calendar was known so the caller can log the fallback.
 *
 * The calendar ships the years whose State Council notice was checked (calendar.data.ts); a
 * deployment adds a year the day its notice is published (or corrects one) with a calendar file,
 * without waiting for a release: `WorkingDayCalendar.shipped().withYears(parseYearCalendars(json))`.
 */
import { BusinessDate, addDays, isBusinessDate, isoWeekday, isOnOrAfter, isOnOrBefore, parseBusinessDate } from '../values/business-date';
import { HolidayRange, WORKING_DAY_CALENDAR, YearCalendar } from './calendar.data';

export interface WorkingDayAnswer {
  working: boolean;
  calendarKnown: boolean;
}

export interface WorkingDayResult {
  date: BusinessDate;
  /** false when any day counted lies in a year without calendar data (weekends-only fallback). */
  calendarKnown: boolean;
  /** The years that fell back, for the log line. */
  yearsWithoutCalendar: number[];
}

/** Where a year of a calendar comes from: shipped with the code, or the deployment's calendar file. */
export type CalendarYearSource = 'shipped' | 'deployment';

/** The public holidays and make-up working days of the years it knows; immutable. */
export class WorkingDayCalendar {
  private static shippedCalendar: WorkingDayCalendar | undefined;

  private constructor(
    private readonly data: ReadonlyMap<number, YearCalendar>,
    private readonly origin: ReadonlyMap<number, CalendarYearSource>,
  ) {}

  /** The years shipped in calendar.data.ts. */
  static shipped(): WorkingDayCalendar {
    if (!WorkingDayCalendar.shippedCalendar) {
      const years = Object.entries(WORKING_DAY_CALENDAR).map(([year, calendar]) => [Number(year), calendar] as const);
      WorkingDayCalendar.shippedCalendar = new WorkingDayCalendar(new Map(years), new Map(years.map(([year]) => [year, 'shipped' as const])));
    }
    return WorkingDayCalendar.shippedCalendar;
  }

  /** This calendar with the given years added; a year it already knows is replaced. */
  withYears(years: Readonly<Record<number, YearCalendar>>): WorkingDayCalendar {
    const data = new Map(this.data);
    const origin = new Map(this.origin);
    for (const [key, calendar] of Object.entries(years)) {
      data.set(Number(key), calendar);
      origin.set(Number(key), 'deployment');
    }
    return new WorkingDayCalendar(data, origin);
  }

  /** The years known, ascending. */
  years(): number[] {
    return [...this.data.keys()].sort((a, b) => a - b);
  }

  year(year: number): YearCalendar | undefined {
    return this.data.get(year);
  }

  sourceOf(year: number): CalendarYearSource | undefined {
    return this.origin.get(year);
  }

  /** The years a deployment added or replaced, as data (what withYears takes back). */
  deploymentYears(): Record<number, YearCalendar> {
    return Object.fromEntries(this.years().filter((year) => this.origin.get(year) === 'deployment').map((year) => [year, this.data.get(year)!]));
  }

  /** Whether the deployment replaced a year that ships with the code. */
  replacesShipped(year: number): boolean {
    return this.origin.get(year) === 'deployment' && WorkingDayCalendar.shipped().has(year);
  }

  has(year: number): boolean {
    return this.data.has(year);
  }

  isWorkingDay(date: BusinessDate): WorkingDayAnswer {
    const parsed = parseBusinessDate(date);
    if (!parsed) throw new TypeError(`not a business date: ${String(date)}`);
    const weekend = isoWeekday(date) >= 6;
    const calendar = this.data.get(parsed.year);
    if (!calendar) return { working: !weekend, calendarKnown: false };
    if (calendar.makeUpWorkingDays.includes(date)) return { working: true, calendarKnown: true };
    const holiday = calendar.holidays.some((h) => isOnOrAfter(date, h.from) && isOnOrBefore(date, h.to));
    return { working: !weekend && !holiday, calendarKnown: true };
  }

  /** The n-th working day after `date` (n ≥ 0; 0 returns `date`). Counting starts the next day. */
  addWorkingDays(date: BusinessDate, n: number): WorkingDayResult {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`);
    const unknown = new Set<number>();
    let current = date;
    let remaining = n;
    while (remaining > 0) {
      current = addDays(current, 1);
      const answer = this.isWorkingDay(current);
      if (!answer.calendarKnown) unknown.add(parseBusinessDate(current)!.year);
      if (answer.working) remaining -= 1;
    }
    const yearsWithoutCalendar = [...unknown].sort((a, b) => a - b);
    return { date: current, calendarKnown: yearsWithoutCalendar.length === 0, yearsWithoutCalendar };
  }
}

export const hasCalendarFor = (year: number, calendar: WorkingDayCalendar = WorkingDayCalendar.shipped()): boolean => calendar.has(year);

export const isWorkingDay = (date: BusinessDate, calendar: WorkingDayCalendar = WorkingDayCalendar.shipped()): WorkingDayAnswer => calendar.isWorkingDay(date);

/** The n-th working day after `date` (n ≥ 0; 0 returns `date`). Counting starts the next day. */
export const addWorkingDays = (date: BusinessDate, n: number, calendar: WorkingDayCalendar = WorkingDayCalendar.shipped()): WorkingDayResult =>
  calendar.addWorkingDays(date, n);

/** SLA: an objection must be decided within 7 working days of filing (domain.md §4.5). */
export const OBJECTION_DECISION_WORKING_DAYS = 7;
/** SLA: a check needs feedback within 5 working days (domain.md §4.8). */
export const CHECK_FEEDBACK_WORKING_DAYS = 5;

export const objectionDecisionDueOn = (filedOn: BusinessDate, calendar?: WorkingDayCalendar): WorkingDayResult =>
  addWorkingDays(filedOn, OBJECTION_DECISION_WORKING_DAYS, calendar);

export const checkFeedbackDueOn = (performedOn: BusinessDate, calendar?: WorkingDayCalendar): WorkingDayResult =>
  addWorkingDays(performedOn, CHECK_FEEDBACK_WORKING_DAYS, calendar);

/** A calendar file that cannot be used, with every problem found (each names its place in the file). */
export class CalendarDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid working-day calendar:\n  ${problems.join('\n  ')}`);
    this.name = 'CalendarDataError';
  }
}

const YEAR_KEYS = new Set(['notice', 'holidays', 'makeUpWorkingDays']);
const HOLIDAY_KEYS = new Set(['name', 'from', 'to']);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Years of calendar data in the shape of calendar.data.ts, as a deployment writes them in its
 * calendar file (JSON): `{ "2027": { "notice": "…", "holidays": [{ "name", "from", "to" }],
 * "makeUpWorkingDays": ["YYYY-MM-DD", …] } }`. Checked as the shipped years are: every date real
 * and in its own year (a notice naming a day of the year before files it under that year), ranges
 * in order, make-up days on a Saturday or Sunday and outside every holiday, no unknown field.
 * Throws CalendarDataError listing every problem.
 */
export function parseYearCalendars(value: unknown): Record<number, YearCalendar> {
  const problems: string[] = [];
  const years: Record<number, YearCalendar> = {};
  if (!isObject(value)) throw new CalendarDataError(['the calendar must be a JSON object keyed by year ("2027": {…})']);
  for (const [key, entry] of Object.entries(value)) {
    const year = /^\d{4}$/.test(key) ? Number(key) : NaN;
    if (!(year >= 1990 && year <= 2200)) {
      problems.push(`"${key}": not a year (four digits, e.g. "2027")`);
      continue;
    }
    if (!isObject(entry)) {
      problems.push(`${key}: must be an object with notice, holidays and makeUpWorkingDays`);
      continue;
    }
    for (const field of Object.keys(entry)) if (!YEAR_KEYS.has(field)) problems.push(`${key}.${field}: unknown field (expected notice, holidays, makeUpWorkingDays)`);
    const notice = entry.notice;
    if (typeof notice !== 'string' || notice.trim() === '') problems.push(`${key}.notice: the notice the dates come from is required (e.g. 国务院办公厅关于${key}年部分节假日安排的通知)`);
    const inYear = (path: string, date: unknown): date is string => {
      if (!isBusinessDate(date)) {
        problems.push(`${path}: not a date YYYY-MM-DD (got ${JSON.stringify(date)})`);
        return false;
      }
      if (!date.startsWith(`${key}-`)) {
        problems.push(`${path}: ${date} is not in ${key} (file it under its own year)`);
        return false;
      }
      return true;
    };
    const holidays: HolidayRange[] = [];
    if (!Array.isArray(entry.holidays)) problems.push(`${key}.holidays: must be a list of { name, from, to }`);
    else {
      entry.holidays.forEach((holiday: unknown, i) => {
        const path = `${key}.holidays[${i}]`;
        if (!isObject(holiday)) return problems.push(`${path}: must be { name, from, to }`);
        for (const field of Object.keys(holiday)) if (!HOLIDAY_KEYS.has(field)) problems.push(`${path}.${field}: unknown field (expected name, from, to)`);
        const name = holiday.name;
        if (typeof name !== 'string' || name.trim() === '') problems.push(`${path}.name: required (e.g. 春节)`);
        const from = holiday.from;
        const to = holiday.to;
        const fromOk = inYear(`${path}.from`, from);
        const toOk = inYear(`${path}.to`, to);
        if (!fromOk || !toOk) return;
        if (from > to) return problems.push(`${path}: from ${from} is after to ${to}`);
        const overlapping = holidays.find((h) => from <= h.to && h.from <= to);
        if (overlapping) return problems.push(`${path}: ${from}..${to} overlaps ${overlapping.name} (${overlapping.from}..${overlapping.to})`);
        holidays.push({ name: String(name), from, to });
      });
    }
    const makeUpWorkingDays: string[] = [];
    if (!Array.isArray(entry.makeUpWorkingDays)) problems.push(`${key}.makeUpWorkingDays: must be a list of dates (an empty list when the notice names none)`);
    else {
      entry.makeUpWorkingDays.forEach((day: unknown, i) => {
        const path = `${key}.makeUpWorkingDays[${i}]`;
        if (!inYear(path, day)) return;
        if (isoWeekday(day) < 6) return problems.push(`${path}: ${day} is a weekday; make-up working days (调休上班) are Saturdays or Sundays`);
        const inside = holidays.find((h) => day >= h.from && day <= h.to);
        if (inside) return problems.push(`${path}: ${day} is inside the holiday ${inside.name} (${inside.from}..${inside.to})`);
        if (makeUpWorkingDays.includes(day)) return problems.push(`${path}: ${day} is listed twice`);
        makeUpWorkingDays.push(day);
      });
    }
    years[year] = { notice: typeof notice === 'string' ? notice : '', holidays, makeUpWorkingDays };
  }
  if (problems.length > 0) throw new CalendarDataError(problems);
  return years;
}
