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

/** Every business date mentioned anywhere in a state (nested objects and arrays included). */
export function datesIn(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') {
    if (DATE.test(value) && isBusinessDate(value)) into.add(value);
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
  const points = new Set<string>([DAWN]);
  for (const date of dates) {
    if (!isBusinessDate(date) || date >= FOREVER) continue;
    points.add(date);
    points.add(addDays(date, 1));
  }
  const sorted = [...points].sort();
  const intervals: DateInterval[] = [];
  let open: BusinessDate | undefined;
  for (let i = 0; i < sorted.length; i += 1) {
    const on = holds(sorted[i]);
    if (on && open === undefined) open = sorted[i];
    if (!on && open !== undefined) {
      intervals.push({ from: open, to: addDays(sorted[i], -1) });
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
  const points = new Set<string>([DAWN]);
  for (const date of dates) {
    if (!isBusinessDate(date) || date >= FOREVER) continue;
    points.add(date);
    points.add(addDays(date, 1));
  }
  const sorted = [...points].sort();
  const result = new Map<string, DateInterval[]>();
  const open = new Map<string, BusinessDate>();
  for (const point of sorted) {
    const labels = new Set(labelsOn(point));
    for (const label of labels) if (!open.has(label)) open.set(label, point);
    for (const [label, from] of [...open]) {
      if (labels.has(label)) continue;
      result.set(label, [...(result.get(label) ?? []), { from, to: addDays(point, -1) }]);
      open.delete(label);
    }
  }
  for (const [label, from] of open) result.set(label, [...(result.get(label) ?? []), { from, to: FOREVER }]);
  return result;
}
