import { CheckMatter } from '../shared/enums';
import { BusinessDate } from '../values/business-date';
import { CheckFinding, CheckOutcome, CheckSubject } from './credit-assessment';

/** The check is recorded with every finding and measure it returned (domain.md §4.8). */
export type CreditCheckPerformed = {
  type: 'CreditCheckPerformed';
  data: {
    checkId: string;
    subject: CheckSubject;
    matter: CheckMatter;
    on: BusinessDate;
    caseRef: string;
    outcome: CheckOutcome;
    findings: CheckFinding[];
  };
};

/** 联合奖惩 feedback: every returned measure either applied, or not applied with a reason. */
export type CheckFeedbackGiven = {
  type: 'CheckFeedbackGiven';
  data: { checkId: string; givenOn: BusinessDate; applied: string[]; notApplied: { code: string; reason: string }[] };
};

export type CheckEvent = CreditCheckPerformed | CheckFeedbackGiven;
