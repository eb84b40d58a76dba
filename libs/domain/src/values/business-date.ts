/**
 * Business dates are calendar dates `YYYY-MM-DD` in China Standard Time (domain.md §3).
 * They stay plain strings so events remain plain JSON; arithmetic goes through day numbers
 * (Hinnant's civil-calendar algorithms) so nothing here can read the clock or a time zone.
 */
export type BusinessDate = string;

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by the ASCII digits value[start, end); -1 when any is not a digit. */
function digitsAt(value: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** Parses `YYYY-MM-DD`; undefined for anything malformed or impossible (2025-02-30). */
export function parseBusinessDate(value: unknown): CivilDate | undefined {
  // What /^(\d{4})-(\d{2})-(\d{2})$/ accepts, read without a regex: every projection asks this of every date.
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 7);
  const day = digitsAt(value, 8, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isBusinessDate(value: unknown): value is BusinessDate {
  return parseBusinessDate(value) !== undefined;
}

function mustParse(date: BusinessDate): CivilDate {
  const parsed = parseBusinessDate(date);
  if (!parsed) throw new TypeError(`not a business date: ${String(date)}`);
  return parsed;
}

export function formatBusinessDate({ year, month, day }: CivilDate): BusinessDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Day arithmetic runs on the same few thousand dates over and over (every rule asked at every
 * change date of a projection): both directions are remembered, up to a bound.
 */
const MEMO_LIMIT = 200_000;
const dayNumbers = new Map<string, number>();
const datesOfDayNumbers = new Map<number, BusinessDate>();

/** Days since 1970-01-01 (proleptic Gregorian). */
export function toDayNumber(date: BusinessDate): number {
  const known = dayNumbers.get(date);
  if (known !== undefined) return known;
  const { year, month, day } = mustParse(date);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const dayNumber = era * 146097 + doe - 719468;
  if (dayNumbers.size >= MEMO_LIMIT) dayNumbers.clear();
  dayNumbers.set(date, dayNumber);
  return dayNumber;
}

export function fromDayNumber(dayNumber: number): BusinessDate {
  const known = datesOfDayNumbers.get(dayNumber);
  if (known !== undefined) return known;
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const date = formatBusinessDate({ year, month, day });
  if (datesOfDayNumbers.size >= MEMO_LIMIT) datesOfDayNumbers.clear();
  datesOfDayNumbers.set(dayNumber, date);
  return date;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** China Standard Time: UTC+8 all year (no daylight saving since 1991). */
const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 3_600_000;
const MS_PER_DAY = 86_400_000;

/**
 * The business date of an instant (milliseconds since the epoch, as `Date.getTime()` gives): the
 * calendar date in China Standard Time. The instant is passed in; nothing here reads the clock.
 */
export function businessDateOfInstant(epochMilliseconds: number): BusinessDate {
  if (!Number.isFinite(epochMilliseconds)) throw new RangeError(`not an instant: ${epochMilliseconds}`);
  return fromDayNumber(Math.floor((epochMilliseconds + CHINA_STANDARD_TIME_OFFSET_MS) / MS_PER_DAY));
}

/** Negative when a is before b, 0 when equal, positive when after. */
export function compareDates(a: BusinessDate, b: BusinessDate): number {
  // Valid YYYY-MM-DD strings order lexicographically like the dates they name.
  return a < b ? -1 : a > b ? 1 : 0;
}

export const isBefore = (a: BusinessDate, b: BusinessDate): boolean => compareDates(a, b) < 0;
export const isAfter = (a: BusinessDate, b: BusinessDate): boolean => compareDates(a, b) > 0;
export const isOnOrBefore = (a: BusinessDate, b: BusinessDate): boolean => compareDates(a, b) <= 0;
export const isOnOrAfter = (a: BusinessDate, b: BusinessDate): boolean => compareDates(a, b) >= 0;

export function maxDate(a: BusinessDate, b: BusinessDate): BusinessDate {
  return isAfter(a, b) ? a : b;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: BusinessDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}
