import { BusinessDate } from '../values/business-date';
import { CommitmentEvent, CommitmentMade } from './commitment.events';
import { latestDueOnBy } from './commitment.queries';

export type CommitmentOutcome =
  | { kind: 'OPEN' }
  | { kind: 'FULFILLED'; on: BusinessDate; evidence: string }
  | { kind: 'BREACHED'; on: BusinessDate; recordId: string };

export interface Amendment {
  on: BusinessDate;
  reasonCategory: string;
  legalBasis: string;
  newDueOn?: BusinessDate;
  /**
   * The due date in force when the amendment was recorded, which `newDueOn` replaced (kept in the
   * state, not in the event). The first one is the due date as made: see dueOnAsOf.
   */
  previousDueOn?: BusinessDate;
  newContent?: string;
  compensation?: string;
}

export type CommitmentState =
  | { status: 'NONE' }
  | (CommitmentMade['data'] & {
      status: 'MADE';
      outcome: CommitmentOutcome;
      amendments: Amendment[];
    });

export type MadeCommitment = Extract<CommitmentState, { status: 'MADE' }>;

export const initialCommitmentState = (): CommitmentState => ({ status: 'NONE' });

export function evolveCommitment(state: CommitmentState, event: CommitmentEvent): CommitmentState {
  switch (event.type) {
    case 'CommitmentMade':
      return { status: 'MADE', ...event.data, channels: [...event.data.channels], outcome: { kind: 'OPEN' }, amendments: [] };
    case 'CommitmentFulfilled':
      if (state.status !== 'MADE') return state;
      return { ...state, outcome: { kind: 'FULFILLED', on: event.data.on, evidence: event.data.evidence } };
    case 'CommitmentBreached':
      if (state.status !== 'MADE') return state;
      return { ...state, outcome: { kind: 'BREACHED', on: event.data.on, recordId: event.data.recordId } };
    case 'CommitmentAmended': {
      if (state.status !== 'MADE') return state;
      const { commitmentId: _id, ...amendment } = event.data;
      const amendments = [...state.amendments, { ...amendment, ...(amendment.newDueOn !== undefined && { previousDueOn: state.dueOn }) }];
      return {
        ...state,
        amendments,
        // The due date now: the latest amendment's by its date (a back-entered one may be older).
        ...(amendment.newDueOn !== undefined && { dueOn: latestDueOnBy(amendments) ?? amendment.newDueOn }),
        ...(amendment.newContent !== undefined && { content: amendment.newContent }),
      };
    }
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
