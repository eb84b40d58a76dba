/**
 * Working-day arithmetic for SLAs (domain.md §3): weekends and listed public holidays are skipped,
 * make-up working days count. A year missing from the data falls back to weekends only, and every
 * answer says whether the calendar was known so the caller can log the fallback.
 */
import { BusinessDate, addDays, isoWeekday, isOnOrAfter, isOnOrBefore, parseBusinessDate } from '../values/business-date';
import { WORKING_DAY_CALENDAR, YearCalendar } from './calendar.data';

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

function calendarFor(date: BusinessDate): YearCalendar | undefined {
  const parsed = parseBusinessDate(date);
  if (!parsed) throw new TypeError(`not a business date: ${String(date)}`);
  return WORKING_DAY_CALENDAR[parsed.year];
}

export const hasCalendarFor = (year: number): boolean => WORKING_DAY_CALENDAR[year] !== undefined;

export function isWorkingDay(date: BusinessDate): WorkingDayAnswer {
  const weekend = isoWeekday(date) >= 6;
  const calendar = calendarFor(date);
  if (!calendar) return { working: !weekend, calendarKnown: false };
  if (calendar.makeUpWorkingDays.includes(date)) return { working: true, calendarKnown: true };
  const holiday = calendar.holidays.some((h) => isOnOrAfter(date, h.from) && isOnOrBefore(date, h.to));
  return { working: !weekend && !holiday, calendarKnown: true };
}

/** The n-th working day after `date` (n ≥ 0; 0 returns `date`). Counting starts the next day. */
export function addWorkingDays(date: BusinessDate, n: number): WorkingDayResult {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer: ${n}`);
  const unknown = new Set<number>();
  let current = date;
  let remaining = n;
  while (remaining > 0) {
    current = addDays(current, 1);
    const answer = isWorkingDay(current);
    if (!answer.calendarKnown) unknown.add(parseBusinessDate(current)!.year);
    if (answer.working) remaining -= 1;
  }
  const yearsWithoutCalendar = [...unknown].sort();
  return { date: current, calendarKnown: yearsWithoutCalendar.length === 0, yearsWithoutCalendar };
}

/** SLA: an objection must be decided within 7 working days of filing (domain.md §4.5). */
export const OBJECTION_DECISION_WORKING_DAYS = 7;
/** SLA: a check needs feedback within 5 working days (domain.md §4.8). */
export const CHECK_FEEDBACK_WORKING_DAYS = 5;

export const objectionDecisionDueOn = (filedOn: BusinessDate): WorkingDayResult =>
  addWorkingDays(filedOn, OBJECTION_DECISION_WORKING_DAYS);

export const checkFeedbackDueOn = (performedOn: BusinessDate): WorkingDayResult =>
  addWorkingDays(performedOn, CHECK_FEEDBACK_WORKING_DAYS);
