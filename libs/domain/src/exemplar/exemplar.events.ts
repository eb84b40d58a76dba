import { BusinessDate } from '../values/business-date';
import { SubjectKind } from '../shared/enums';

export type ExemplarDesignated = {
  type: 'ExemplarDesignated';
  data: {
    exemplarId: string;
    subject: { kind: SubjectKind; id: string };
    title: string;
    basis: string;
    designatedOn: BusinessDate;
    validUntil?: BusinessDate;
  };
};

export type ExemplarRevoked = {
  type: 'ExemplarRevoked';
  data: { exemplarId: string; on: BusinessDate; reason: string; causedByRecordId?: string };
};

export type ExemplarEvent = ExemplarDesignated | ExemplarRevoked;
