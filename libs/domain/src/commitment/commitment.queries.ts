import { BusinessDate, isAfter, isOnOrBefore } from '../values/business-date';
import { CommitmentState } from './commitment.state';

export type CommitmentStatus = 'OPEN' | 'OVERDUE' | 'FULFILLED' | 'BREACHED' | 'AMENDED';

/**
 * Status on date D as the archive shows it. OVERDUE is derived, never an event: after dueOn
 * without fulfilment (domain.md §4.2). An amended commitment stays in force with its new terms.
 */
export function commitmentStatusOn(state: CommitmentState, date: BusinessDate): CommitmentStatus | undefined {
  if (state.status !== 'MADE' || isAfter(state.madeOn, date)) return undefined;
  const { outcome } = state;
  if (outcome.kind === 'BREACHED' && isOnOrBefore(outcome.on, date)) return 'BREACHED';
  if (outcome.kind === 'FULFILLED' && isOnOrBefore(outcome.on, date)) return 'FULFILLED';
  if (isAfter(date, state.dueOn)) return 'OVERDUE';
  return state.amendments.some((a) => isOnOrBefore(a.on, date)) ? 'AMENDED' : 'OPEN';
}

export const isOverdueOn = (state: CommitmentState, date: BusinessDate): boolean =>
  commitmentStatusOn(state, date) === 'OVERDUE';
