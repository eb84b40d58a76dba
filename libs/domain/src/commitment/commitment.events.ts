import { AmendmentReason, CommitmentKind, Domain, PublicationChannel, Severity } from '../shared/enums';
import { BusinessDate } from '../values/business-date';

export type CommitmentMade = {
  type: 'CommitmentMade';
  data: {
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
};

export type CommitmentFulfilled = {
  type: 'CommitmentFulfilled';
  data: { commitmentId: string; on: BusinessDate; evidence: string };
};

/** Names the record it opens (recordId) so the breach → record reaction is idempotent. */
export type CommitmentBreached = {
  type: 'CommitmentBreached';
  data: {
    commitmentId: string;
    recordId: string;
    on: BusinessDate;
    description: string;
    documentNo: string;
    authority: string;
    severity: Severity;
  };
};

export type CommitmentAmended = {
  type: 'CommitmentAmended';
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

export type CommitmentEvent = CommitmentMade | CommitmentFulfilled | CommitmentBreached | CommitmentAmended;
