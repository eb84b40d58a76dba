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

/**
 * A revocation for 联合惩戒 undone because the listing that caused it was found wrong by an
 * objection (`LISTING_REVOKED`, or `RECORD_REVOKED`: the record itself was wrong). Like a voided
 * award ban, the revocation counts as never having been in force: the title is on the red list on
 * every day of its designation again, and `knownAt` still shows what was shown before.
 */
export type ExemplarRevocationVoided = {
  type: 'ExemplarRevocationVoided';
  data: {
    exemplarId: string;
    /** The record whose listing caused the revocation. */
    recordId: string;
    /** The day of the objection's decision that found the listing wrong. */
    voidedOn: BusinessDate;
    reason: 'RECORD_REVOKED' | 'LISTING_REVOKED';
    objectionId: string;
  };
};

export type ExemplarEvent = ExemplarDesignated | ExemplarRevoked | ExemplarRevocationVoided;
