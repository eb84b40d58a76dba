import { CommitmentState } from '../commitment/commitment.state';
import { RecordState } from '../record/record.state';
import { CheckMatter } from '../shared/enums';
import { BusinessDate } from '../values/business-date';
import { CheckSubject } from './credit-assessment';

export type PerformCreditCheck = {
  type: 'PerformCreditCheck';
  today: BusinessDate;
  data: { checkId: string; subject: CheckSubject; matter: CheckMatter; on: BusinessDate; caseRef: string };
};

export type GiveCheckFeedback = {
  type: 'GiveCheckFeedback';
  today: BusinessDate;
  data: { checkId: string; applied: string[]; notApplied: { code: string; reason: string }[] };
};

export type CheckCommand = PerformCreditCheck | GiveCheckFeedback;

/**
 * Cross-stream inputs for PerformCreditCheck, loaded by the application:
 * - `subjectKnown`: the institution is registered / the official is registered somewhere;
 * - `records`: states of the record streams about the subject;
 * - `commitments`: states of the institution's commitment streams (institutions only).
 * GiveCheckFeedback needs none of them.
 */
export interface CheckDecisionContext {
  subjectKnown: boolean;
  records: readonly RecordState[];
  commitments: readonly CommitmentState[];
}
