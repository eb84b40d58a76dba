import { RecordEvent } from '../record/record.events';
import { RecordState } from '../record/record.state';
import { BusinessDate } from '../values/business-date';
import { ExemplarDesignated, ExemplarRevoked } from './exemplar.events';

export type DesignateExemplar = { type: 'DesignateExemplar'; today: BusinessDate; data: ExemplarDesignated['data'] };

export type RevokeExemplar = { type: 'RevokeExemplar'; today: BusinessDate; data: ExemplarRevoked['data'] };

/**
 * Sent by a saga when the listing of `recordId` is found wrong, or when a revocation it caused is
 * appended after that: voids the title's revocation for 联合惩戒 if that listing caused it.
 */
export type VoidJointPunishment = { type: 'VoidJointPunishment'; today: BusinessDate; data: { exemplarId: string; recordId: string } };

export type ExemplarCommand = DesignateExemplar | RevokeExemplar | VoidJointPunishment;

/**
 * Cross-stream inputs, loaded by the application:
 * - `subjectKnown`: the institution / official is registered;
 * - `records`: states of the record streams about the subject (for bans and listings; for
 *   VoidJointPunishment, the record named);
 * - `revocationCause`: for VoidJointPunishment, the record the revocation in force names
 *   (`ExemplarRevoked.causedByRecordId`, read from the exemplar's stream);
 * - `recordHistory`: for VoidJointPunishment of an official's record, that record's events (which
 *   one ended its restriction on the revocation's day).
 */
export interface ExemplarDecisionContext {
  subjectKnown: boolean;
  records: readonly RecordState[];
  revocationCause?: string;
  recordHistory?: readonly RecordEvent[];
}

/** The reason the lapse saga gives when 联合惩戒 takes a red-list title away (domain.md §4.4). */
export const JOINT_PUNISHMENT = 'JOINT_PUNISHMENT';
