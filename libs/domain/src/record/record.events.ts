import {
  AccountabilityMeasure,
  Domain,
  FindingType,
  MitigationEffect,
  ObjectionOutcome,
  RecordCategory,
  Severity,
} from '../shared/enums';
import { BusinessDate } from '../values/business-date';
import { PolicyProfileId } from '../policies/policies';

/** api.md shape: `{kind, id, institutionUscc?}`; an official's record names where they serve. */
export type RecordSubject =
  | { kind: 'INSTITUTION'; id: string }
  | { kind: 'OFFICIAL'; id: string; institutionUscc: string };

export interface Finding {
  type: FindingType;
  documentNo: string;
  authority: string;
  findingOn: BusinessDate;
}

export type DishonestyRecorded = {
  type: 'DishonestyRecorded';
  data: {
    recordId: string;
    subject: RecordSubject;
    category: RecordCategory;
    severity: Severity;
    domain: Domain;
    occurredOn: BusinessDate;
    description: string;
    commitmentId?: string;
    finding: Finding;
    /** Fixed when the record is made (domain.md §4.3): later policies never change it silently. */
    policyProfile: PolicyProfileId;
    policyVersion: string;
  };
};

export type RectificationOrdered = {
  type: 'RectificationOrdered';
  data: { recordId: string; orderId: string; orderedOn: BusinessDate; deadline: BusinessDate; requirements: string };
};

export type RectificationReported = {
  type: 'RectificationReported';
  data: { recordId: string; orderId: string; reportId: string; reportedOn: BusinessDate; evidence: string };
};

export type RectificationReviewed = {
  type: 'RectificationReviewed';
  data: {
    recordId: string;
    orderId: string;
    reportId: string;
    reviewedOn: BusinessDate;
    accepted: boolean;
    reason?: string;
  };
};

export type RectificationDeadlineLapsed = {
  type: 'RectificationDeadlineLapsed';
  data: { recordId: string; orderId: string; deadline: BusinessDate; effectiveOn: BusinessDate };
};

export type InstitutionListed = {
  type: 'InstitutionListed';
  data: {
    recordId: string;
    uscc: string;
    listedOn: BusinessDate;
    policyVersion: string;
    /** Last day of the listing's minimum publication period (repair is possible the day after). */
    minimumLastDay: BusinessDate;
    publicationLastDay: BusinessDate;
  };
};

export type AwardBanImposed = {
  type: 'AwardBanImposed';
  data: {
    banId: string;
    recordId: string;
    subject: { kind: 'INSTITUTION'; id: string };
    startsOn: BusinessDate;
    lastDay: BusinessDate;
  };
};

export type AccountabilityRole = 'LEADER_AT_DEADLINE';

export type AccountabilityRequired = {
  type: 'AccountabilityRequired';
  data: {
    recordId: string;
    obligationId: string;
    /** null when no principal leader was on record for that day; the discipline body names one. */
    personId: string | null;
    name: string | null;
    role: AccountabilityRole;
    uscc: string;
    requiredOn: BusinessDate;
  };
};

export type AccountabilityDecided = {
  type: 'AccountabilityDecided';
  data: {
    recordId: string;
    /** The open obligation this decision closes, if there was one for the person. */
    obligationId?: string;
    personId: string;
    measure: AccountabilityMeasure;
    decidedOn: BusinessDate;
    documentNo: string;
    authority: string;
    reason?: string;
  };
};

export type AccountabilityObligationCancelled = {
  type: 'AccountabilityObligationCancelled';
  /**
   * RECORD_REVOKED: the record was wrong; LISTING_REVOKED: the lapse that required it was wrong;
   * LEADER_CORRECTED: another leader was in office on the deadline day (a new obligation names them).
   */
  data: { recordId: string; obligationId: string; cancelledOn: BusinessDate; reason: 'RECORD_REVOKED' | 'LISTING_REVOKED' | 'LEADER_CORRECTED' };
};

export type MitigationDecided = {
  type: 'MitigationDecided';
  data: { recordId: string; personId: string; decidedOn: BusinessDate; effect: MitigationEffect; basis: string };
};

export type ObjectionFiled = {
  type: 'ObjectionFiled';
  data: { recordId: string; objectionId: string; filedOn: BusinessDate; grounds: string };
};

export type ObjectionDecided = {
  type: 'ObjectionDecided';
  data: { recordId: string; objectionId: string; decidedOn: BusinessDate; outcome: ObjectionOutcome; reason: string };
};

export const CORRECTABLE_FIELDS = ['severity', 'category', 'occurredOn', 'findingOn', 'description', 'documentNo'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

/** The listing's terms a correction recomputes when the record falls under another policy version. */
export const LISTING_TERMS = ['policyVersion', 'minimumLastDay', 'publicationLastDay'] as const;
export type ListingTermField = `listing.${(typeof LISTING_TERMS)[number]}`;

export interface FieldChange {
  /**
   * A correctable field; `policyVersion` when a corrected findingOn falls under another version;
   * and then, for a record that led to a listing, the listing's terms under that version.
   */
  field: CorrectableField | 'policyVersion' | ListingTermField;
  oldValue: string;
  newValue: string;
}

export type RecordCorrected = {
  type: 'RecordCorrected';
  data: { recordId: string; objectionId: string; correctedOn: BusinessDate; changes: FieldChange[] };
};

export type RecordRevoked = {
  type: 'RecordRevoked';
  data: { recordId: string; objectionId: string; revokedOn: BusinessDate; reason: string };
};

export type DelistReason = 'RECORD_REVOKED' | 'LISTING_REVOKED' | 'REPAIRED';

export type InstitutionDelisted = {
  type: 'InstitutionDelisted';
  data: { recordId: string; uscc: string; delistedOn: BusinessDate; reason: DelistReason };
};

export type AwardBanVoided = {
  type: 'AwardBanVoided';
  data: {
    banId: string;
    recordId: string;
    voidedOn: BusinessDate;
    reason: 'RECORD_REVOKED' | 'LISTING_REVOKED';
    objectionId: string;
  };
};

export type AwardBanLiftedEarly = {
  type: 'AwardBanLiftedEarly';
  data: { banId: string; recordId: string; on: BusinessDate; legalBasis: string; decisionNo: string; reason: string };
};

export type RepairApplied = {
  type: 'RepairApplied';
  data: { recordId: string; applicationId: string; appliedOn: BusinessDate; pledgeSigned: true; evidence: string };
};

export type RepairDecided = {
  type: 'RepairDecided';
  data: { recordId: string; applicationId: string; decidedOn: BusinessDate; granted: boolean; reason: string };
};

export type PublicationEndReason = 'REPAIRED' | 'RECORD_REVOKED';

export type PublicationEnded = {
  type: 'PublicationEnded';
  data: { recordId: string; endedOn: BusinessDate; reason: PublicationEndReason };
};

export type RecordEvent =
  | DishonestyRecorded
  | RectificationOrdered
  | RectificationReported
  | RectificationReviewed
  | RectificationDeadlineLapsed
  | InstitutionListed
  | AwardBanImposed
  | AccountabilityRequired
  | AccountabilityDecided
  | AccountabilityObligationCancelled
  | MitigationDecided
  | ObjectionFiled
  | ObjectionDecided
  | RecordCorrected
  | RecordRevoked
  | InstitutionDelisted
  | AwardBanVoided
  | AwardBanLiftedEarly
  | RepairApplied
  | RepairDecided
  | PublicationEnded;
