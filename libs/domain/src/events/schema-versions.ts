/**
 * Event schemas carry a version (domain.md §6). Old versions stay in the log as written and are
 * upcast on read. Keyed by every event type, so a new event cannot be added without a version.
 */
import { DomainEventType } from './domain-event';

export const EVENT_SCHEMA_VERSIONS: Readonly<Record<DomainEventType, number>> = {
  InstitutionRegistered: 1,
  OfficialRegistered: 1,
  PrincipalLeaderAppointed: 1,
  CommitmentMade: 1,
  CommitmentFulfilled: 1,
  CommitmentBreached: 1,
  CommitmentAmended: 1,
  // v2 added `domain` (重点领域) for statistics by domain.
  DishonestyRecorded: 2,
  RectificationOrdered: 1,
  RectificationReported: 1,
  RectificationReviewed: 1,
  RectificationDeadlineLapsed: 1,
  InstitutionListed: 1,
  AwardBanImposed: 1,
  AccountabilityRequired: 1,
  AccountabilityDecided: 1,
  AccountabilityObligationCancelled: 1,
  MitigationDecided: 1,
  ObjectionFiled: 1,
  ObjectionDecided: 1,
  // v2 may carry the listing's terms (listing.policyVersion, …) a corrected policy version changes.
  RecordCorrected: 2,
  RecordRevoked: 1,
  InstitutionDelisted: 1,
  AwardBanVoided: 1,
  AwardBanLiftedEarly: 1,
  RepairApplied: 1,
  RepairDecided: 1,
  PublicationEnded: 1,
  ExemplarDesignated: 1,
  ExemplarRevoked: 1,
  ExemplarRevocationVoided: 1,
  CreditCheckPerformed: 1,
  CheckFeedbackGiven: 1,
};

export const DOMAIN_EVENT_TYPES = Object.keys(EVENT_SCHEMA_VERSIONS) as DomainEventType[];

export const isDomainEventType = (type: string): type is DomainEventType =>
  Object.prototype.hasOwnProperty.call(EVENT_SCHEMA_VERSIONS, type);

export const currentSchemaVersion = (type: DomainEventType): number => EVENT_SCHEMA_VERSIONS[type];
