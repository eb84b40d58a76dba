import { addDays, BusinessDate, isBusinessDate } from '@app/domain';

/** Open ends of valid time: before any date, and after every date. */
export const DAWN: BusinessDate = '0001-01-01';
export const FOREVER: BusinessDate = '9999-12-31';

export interface DateInterval {
  /** Inclusive. */
  from: BusinessDate;
  /** Inclusive; FOREVER when open-ended. */
  to: BusinessDate;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Day arithmetic is the hot path of every interval: the same few thousand dates, over and over. */
const nextDays = new Map<string, string | null>();
const previousDays = new Map<string, string>();
/** The next day, or null for a string that is not a real date. */
function dayAfter(date: BusinessDate): BusinessDate | null {
  let next = nextDays.get(date);
  if (next === undefined) {
    if (nextDays.size > 100_000) nextDays.clear();
    next = isBusinessDate(date) ? addDays(date, 1) : null;
    nextDays.set(date, next);
  }
  return next;
}
function dayBefore(date: BusinessDate): BusinessDate {
  let previous = previousDays.get(date);
  if (previous === undefined) {
    if (previousDays.size > 100_000) previousDays.clear();
    previous = addDays(date, -1);
    previousDays.set(date, previous);
  }
  return previous;
}

/** The candidate dates where a rule over `dates` may change its answer, sorted. */
function changePoints(dates: Iterable<string>): string[] {
  const points = new Set<string>([DAWN]);
  for (const date of dates) {
    if (date >= FOREVER) continue;
    const next = dayAfter(date);
    if (next === null) continue;
    points.add(date);
    points.add(next);
  }
  return [...points].sort();
}

/**
 * Every business date mentioned anywhere in a state (nested objects and arrays included). The
 * domain only stores valid dates, so the shape is enough; `intervalsWhere` checks them anyway.
 */
export function datesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (value.length === 10 && DATE.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) datesIn(item, into);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) datesIn(item, into);
  }
  return into;
}

/**
 * The dates on which a domain predicate holds, as intervals. The rules of domain.md compare the
 * asked date D with dates of the state (and periods derived from them: pass those in `dates`),
 * so a predicate can only change at such a date d or on d + 1; evaluating it there and at the
 * dawn of time gives its exact answer for every date. This lets a projection store "listed from
 * … to …" and answer `on=D` with SQL, while the rule itself stays in the domain.
 */
export function intervalsWhere(holds: (date: BusinessDate) => boolean, dates: Iterable<string>): DateInterval[] {
  const sorted = changePoints(dates);
  const intervals: DateInterval[] = [];
  let open: BusinessDate | undefined;
  for (let i = 0; i < sorted.length; i += 1) {
    const on = holds(sorted[i]);
    if (on && open === undefined) open = sorted[i];
    if (!on && open !== undefined) {
      intervals.push({ from: open, to: dayBefore(sorted[i]) });
      open = undefined;
    }
  }
  if (open !== undefined) intervals.push({ from: open, to: FOREVER });
  return intervals;
}

/** The one interval of a predicate that holds on consecutive days only (a listing, a ban...). */
export function spanWhere(holds: (date: BusinessDate) => boolean, dates: Iterable<string>): DateInterval | undefined {
  const intervals = intervalsWhere(holds, dates);
  if (intervals.length > 1) throw new Error(`expected one interval, found ${intervals.length}`);
  return intervals[0];
}

/** `intervalsWhere` for a rule that answers with a set of labels (grey-list reasons) per date. */
export function intervalsByLabel(labelsOn: (date: BusinessDate) => readonly string[], dates: Iterable<string>): Map<string, DateInterval[]> {
  const sorted = changePoints(dates);
  const result = new Map<string, DateInterval[]>();
  const open = new Map<string, BusinessDate>();
  for (const point of sorted) {
    const labels = new Set(labelsOn(point));
    for (const label of labels) if (!open.has(label)) open.set(label, point);
    for (const [label, from] of [...open]) {
      if (labels.has(label)) continue;
      result.set(label, [...(result.get(label) ?? []), { from, to: dayBefore(point) }]);
      open.delete(label);
    }
  }
  for (const [label, from] of open) result.set(label, [...(result.get(label) ?? []), { from, to: FOREVER }]);
  return result;
}
