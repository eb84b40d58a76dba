import { BusinessDate, isAfter, isOnOrBefore } from '../values/business-date';
import { CommitmentState, MadeCommitment } from './commitment.state';

export type CommitmentStatus = 'OPEN' | 'OVERDUE' | 'FULFILLED' | 'BREACHED' | 'AMENDED';

/**
 * The due date in force on D. An amendment moves it from the amendment's `on` date: on the days
 * before, the due date it replaced still held (valid time; a later extension does not make a
 * commitment that was overdue then not overdue then).
 */
export function dueOnAsOf(state: MadeCommitment, date: BusinessDate): BusinessDate {
  let due = state.dueOn;
  for (let i = state.amendments.length - 1; i >= 0; i -= 1) {
    const amendment = state.amendments[i];
    if (amendment.previousDueOn !== undefined && isAfter(amendment.on, date)) due = amendment.previousDueOn;
  }
  return due;
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
