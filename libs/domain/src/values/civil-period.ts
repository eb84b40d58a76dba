/**
 * Period arithmetic of the PRC Civil Code, Arts. 201 and 203 (domain.md §3):
 * a period of N months/years starting on day S has its last day on the same day N
 * months/years later, or on that month's last day when the month has no such day.
 */
import { BusinessDate, addDays, daysInMonth, formatBusinessDate, parseBusinessDate } from './business-date';

export type PeriodUnit = 'MONTHS' | 'YEARS';

export interface Period {
  count: number;
  unit: PeriodUnit;
}

export const months = (count: number): Period => ({ count, unit: 'MONTHS' });
export const years = (count: number): Period => ({ count, unit: 'YEARS' });

function start(date: BusinessDate) {
  const parsed = parseBusinessDate(date);
  if (!parsed) throw new TypeError(`not a business date: ${String(date)}`);
  return parsed;
}

export function addMonthsCivil(date: BusinessDate, count: number): BusinessDate {
  const { year, month, day } = start(date);
  const index = year * 12 + (month - 1) + count;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return formatBusinessDate({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

export function addYearsCivil(date: BusinessDate, count: number): BusinessDate {
  return addMonthsCivil(date, count * 12);
}

/** Last day of a period of `period` that starts on `startsOn`. */
export function periodLastDay(startsOn: BusinessDate, period: Period): BusinessDate {
  return period.unit === 'YEARS' ? addYearsCivil(startsOn, period.count) : addMonthsCivil(startsOn, period.count);
}

/** "The minimum period has passed" means its last day is over (domain.md §3). */
export function firstDayAfter(startsOn: BusinessDate, period: Period): BusinessDate {
  return addDays(periodLastDay(startsOn, period), 1);
}
