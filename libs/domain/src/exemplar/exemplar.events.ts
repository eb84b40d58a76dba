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
 * A revocation for 联合惩戒 undone because what caused it turned out not to hold on its day. An
 * institution's title: the listing was found wrong by an objection (`LISTING_REVOKED`, or
 * `RECORD_REVOKED`: the record itself was wrong). An official's title (revoked because a record
 * restricted the official's award evaluations): the record was revoked, corrected by an objection
 * so that it no longer restricted on that day (`RECORD_CORRECTED`), exempted by a mitigation
 * decided by then (`MITIGATION_EXEMPTED`), or out of publication by then (`PUBLICATION_ENDED`: a
 * repair granted earlier). Like a voided award ban, the revocation counts as never having been in
 * force: the title is on the red list on every day of its designation again, and `knownAt` still
 * shows what was shown before.
 */
export type ExemplarRevocationVoided = {
  type: 'ExemplarRevocationVoided';
  data: {
    exemplarId: string;
    /** The record (its listing, or the official's restriction) that caused the revocation. */
    recordId: string;
    /** The day of the decision that took the cause away (the objection's, the mitigation's, the publication's end). */
    voidedOn: BusinessDate;
    reason: ExemplarRevocationVoidReason;
    /** The objection that found the listing or the record wrong, when one did. */
    objectionId?: string;
  };
};

export const EXEMPLAR_REVOCATION_VOID_REASONS = ['LISTING_REVOKED', 'RECORD_REVOKED', 'RECORD_CORRECTED', 'MITIGATION_EXEMPTED', 'PUBLICATION_ENDED'] as const;
export type ExemplarRevocationVoidReason = (typeof EXEMPLAR_REVOCATION_VOID_REASONS)[number];

export type ExemplarEvent = ExemplarDesignated | ExemplarRevoked | ExemplarRevocationVoided;
