import { InstitutionState } from '../institution/institution.state';
import { BusinessDate } from '../values/business-date';
import { CommitmentAmended, CommitmentBreached, CommitmentFulfilled, CommitmentMade } from './commitment.events';

/**
 * Commands carry the same fields as the events they lead to (api.md names), plus "today"
 * (Asia/Shanghai business date) so DATE_IN_FUTURE is decidable purely.
 */
export type MakeCommitment = { type: 'MakeCommitment'; today: BusinessDate; data: CommitmentMade['data'] };

export type FulfilCommitment = { type: 'FulfilCommitment'; today: BusinessDate; data: CommitmentFulfilled['data'] };

/**
 * `recordId` names the dishonesty record the breach opens (the application generates it);
 * severity defaults to GENERAL.
 */
export type BreachCommitment = {
  type: 'BreachCommitment';
  today: BusinessDate;
  data: Omit<CommitmentBreached['data'], 'severity'> & Partial<Pick<CommitmentBreached['data'], 'severity'>>;
};

export type AmendCommitment = { type: 'AmendCommitment'; today: BusinessDate; data: CommitmentAmended['data'] };

export type CommitmentCommand = MakeCommitment | FulfilCommitment | BreachCommitment | AmendCommitment;

/**
 * Cross-stream input: the state of `institution-{institutionUscc}` — MakeCommitment needs its
 * leadership for the signatory rule. Other commands ignore it.
 */
export interface CommitmentDecisionContext {
  institution: InstitutionState;
}
