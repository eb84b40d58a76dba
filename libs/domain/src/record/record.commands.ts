import type { CommitmentState } from '../commitment/commitment.state';
import { InstitutionState } from '../institution/institution.state';
import { PolicyProfileId } from '../policies/policies';
import { MitigationEffect, ObjectionOutcome } from '../shared/enums';
import { BusinessDate } from '../values/business-date';
import {
  AccountabilityDecided,
  AwardBanLiftedEarly,
  CorrectableField,
  DishonestyRecorded,
  ObjectionFiled,
} from './record.events';

/** Every command carries "today" (Asia/Shanghai) so DATE_IN_FUTURE and lapses are decidable purely. */
type RecordCommandOf<T extends string, D> = { type: T; today: BusinessDate; data: D & { recordId: string } };

/** The policy version is not an input: the decider fixes the one in force on findingOn. */
export type RecordDishonesty = RecordCommandOf<'RecordDishonesty', Omit<DishonestyRecorded['data'], 'policyProfile' | 'policyVersion'>>;

export type OrderRectification = RecordCommandOf<
  'OrderRectification',
  { orderedOn: BusinessDate; deadline: BusinessDate; requirements: string }
>;

export type ReportRectification = RecordCommandOf<
  'ReportRectification',
  { reportId: string; reportedOn: BusinessDate; evidence: string }
>;

export type ReviewRectification = RecordCommandOf<
  'ReviewRectification',
  { reportId: string; reviewedOn: BusinessDate; accepted: boolean; reason?: string }
>;

/** Sent by the deadline watcher; the effective date is always deadline + 1, whatever today is. */
export type LapseRectificationDeadline = RecordCommandOf<'LapseRectificationDeadline', Record<never, never>>;

/**
 * Sent by a saga when the institution's leadership record changes (a back-entered appointment):
 * each open obligation of the leader on the deadline day follows the leader the record now shows.
 */
export type ReassignAccountability = RecordCommandOf<'ReassignAccountability', Record<never, never>>;

/**
 * Sent by a saga for each objection decided LISTING_REVOKED: the obligations of the lapse found
 * wrong still open (a log written before the decision cancelled them itself) are cancelled.
 */
export type CancelRevokedLapseObligations = RecordCommandOf<'CancelRevokedLapseObligations', { objectionId: string }>;

/** The decider finds the obligation the decision closes. */
export type DecideAccountability = RecordCommandOf<'DecideAccountability', Omit<AccountabilityDecided['data'], 'obligationId'>>;

export type DecideMitigation = RecordCommandOf<
  'DecideMitigation',
  { decidedOn: BusinessDate; effect: MitigationEffect; basis: string }
>;

export type FileObjection = RecordCommandOf<'FileObjection', ObjectionFiled['data']>;

export type Corrections = Partial<Record<CorrectableField, string>>;

export type DecideObjection = RecordCommandOf<
  'DecideObjection',
  {
    objectionId: string;
    decidedOn: BusinessDate;
    outcome: ObjectionOutcome;
    reason: string;
    /** Required for CORRECTED: field → new value. */
    corrections?: Corrections;
  }
>;

export type ApplyForRepair = RecordCommandOf<
  'ApplyForRepair',
  { applicationId: string; appliedOn: BusinessDate; pledgeSigned: boolean; evidence: string }
>;

export type DecideRepair = RecordCommandOf<
  'DecideRepair',
  { applicationId: string; decidedOn: BusinessDate; granted: boolean; reason: string }
>;

/** Addressed by banId over HTTP; the application maps it with recordIdFromBanId. */
export type LiftAwardBanEarly = RecordCommandOf<'LiftAwardBanEarly', AwardBanLiftedEarly['data']>;

export type RecordCommand =
  | RecordDishonesty
  | OrderRectification
  | ReportRectification
  | ReviewRectification
  | LapseRectificationDeadline
  | ReassignAccountability
  | CancelRevokedLapseObligations
  | DecideAccountability
  | DecideMitigation
  | FileObjection
  | DecideObjection
  | ApplyForRepair
  | DecideRepair
  | LiftAwardBanEarly;

/**
 * Cross-stream inputs of the record decider, loaded by the application:
 * - `institution`: state of `institution-{uscc}` where uscc is the record's institution (the
 *   subject, or the official's institution). RecordDishonesty checks the subject exists;
 *   LapseRectificationDeadline finds the principal leader in office on the deadline day.
 * - `policyProfile`: the deployment's LEDGER_POLICY_PROFILE; RecordDishonesty fixes the version in
 *   force on findingOn into the record. Later commands use the profile stored in the record.
 * - `commitment`: for RecordDishonesty naming a `commitmentId`, the state of
 *   `commitment-{commitmentId}` (for a record a breach opens, the commitment as of its breach).
 *   The commitment must exist (absent counts as not found) and be one of the record's institution.
 * - `existingOfficial`: for DecideAccountability, where the decision's personId is registered as an
 *   official, if anywhere (the application looks it up in its officials index; absent or null
 *   counts as not registered, unless the record's institution or one of its obligations knows them).
 */
export interface RecordDecisionContext {
  institution: InstitutionState;
  policyProfile: PolicyProfileId;
  commitment?: CommitmentState;
  existingOfficial?: { personId: string; institutionUscc: string } | null;
}
