import { BusinessDate, isAfter, isOnOrBefore } from '../values/business-date';
import type { Amendment, CommitmentState, MadeCommitment } from './commitment.state';

export type CommitmentStatus = 'OPEN' | 'OVERDUE' | 'FULFILLED' | 'BREACHED' | 'AMENDED';

/**
 * The due date in force on D. An amendment moves it from the amendment's `on` date: on the days
 * before, the due date it replaced still held (valid time; a later extension does not make a
 * commitment that was overdue then not overdue then). Amendments count by their `on` date, not
 * by the order they were recorded in (one may be back-entered); on the same date the one recorded
 * later wins.
 */
export function dueOnAsOf(state: MadeCommitment, date: BusinessDate): BusinessDate {
  const moves = state.amendments.filter((a) => a.newDueOn !== undefined);
  // The due date as made: what the first due-date amendment replaced (a state kept before amendments
  // recorded it has only the current one).
  const original = moves[0]?.previousDueOn;
  if (original === undefined) return state.dueOn;
  return latestDueOnBy(moves, date) ?? original;
}

/** The new due date of the amendment latest by `on` (on or before `date`, when given). */
export function latestDueOnBy(amendments: readonly Amendment[], date?: BusinessDate): BusinessDate | undefined {
  let latest: Amendment | undefined;
  for (const amendment of amendments) {
    if (amendment.newDueOn === undefined || (date !== undefined && isAfter(amendment.on, date))) continue;
    if (!latest || !isAfter(latest.on, amendment.on)) latest = amendment;
  }
  return latest?.newDueOn;
}

/**
 * Status on date D as the archive shows it. OVERDUE is derived, never an event: after the due
 * date in force on D without fulfilment (domain.md §4.2). An amended commitment stays in force
 * with its new terms from the amendment's date.
 */
export function commitmentStatusOn(state: CommitmentState, date: BusinessDate): CommitmentStatus | undefined {
  if (state.status !== 'MADE' || isAfter(state.madeOn, date)) return undefined;
  const { outcome } = state;
  if (outcome.kind === 'BREACHED' && isOnOrBefore(outcome.on, date)) return 'BREACHED';
  if (outcome.kind === 'FULFILLED' && isOnOrBefore(outcome.on, date)) return 'FULFILLED';
  if (isAfter(date, dueOnAsOf(state, date))) return 'OVERDUE';
  return state.amendments.some((a) => isOnOrBefore(a.on, date)) ? 'AMENDED' : 'OPEN';
}

export const isOverdueOn = (state: CommitmentState, date: BusinessDate): boolean =>
  commitmentStatusOn(state, date) === 'OVERDUE';
