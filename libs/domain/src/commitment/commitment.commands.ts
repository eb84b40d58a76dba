import { AmendmentReason, CommitmentKind, Domain, PublicationChannel, Severity } from '../shared/enums';
import { BusinessDate } from '../values/business-date';
import { InstitutionState } from '../institution/institution.state';

/** Every command carries "today" (Asia/Shanghai business date) so DATE_IN_FUTURE is decidable purely. */
export type MakeCommitment = {
  type: 'MakeCommitment';
  today: BusinessDate;
  data: CommitmentMadeData;
};
type CommitmentMadeData = {
  commitmentId: string;
  institutionUscc: string;
  kind: CommitmentKind;
  domain: Domain;
  title: string;
  content: string;
  signedBy: string;
  madeOn: BusinessDate;
  dueOn: BusinessDate;
  channels: PublicationChannel[];
};

export type FulfilCommitment = {
  type: 'FulfilCommitment';
  today: BusinessDate;
  data: { commitmentId: string; on: BusinessDate; evidence: string };
};

export type BreachCommitment = {
  type: 'BreachCommitment';
  today: BusinessDate;
  data: {
    commitmentId: string;
    /** The dishonesty record the breach opens; the application generates it. */
    recordId: string;
    on: BusinessDate;
    description: string;
    documentNo: string;
    authority: string;
    severity?: Severity;
  };
};

export type AmendCommitment = {
  type: 'AmendCommitment';
  today: BusinessDate;
  data: {
    commitmentId: string;
    on: BusinessDate;
    reasonCategory: AmendmentReason;
    legalBasis: string;
    newDueOn?: BusinessDate;
    newContent?: string;
    compensation?: string;
  };
};

export type CommitmentCommand = MakeCommitment | FulfilCommitment | BreachCommitment | AmendCommitment;

/**
 * Cross-stream input: the state of `institution-{institutionUscc}` — MakeCommitment needs its
 * leadership for the signatory rule. Other commands ignore it.
 */
export interface CommitmentDecisionContext {
  institution: InstitutionState;
}
