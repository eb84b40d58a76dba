import { RecordState } from '../record/record.state';
import { BusinessDate } from '../values/business-date';
import { ExemplarDesignated, ExemplarRevoked } from './exemplar.events';

export type DesignateExemplar = { type: 'DesignateExemplar'; today: BusinessDate; data: ExemplarDesignated['data'] };

export type RevokeExemplar = { type: 'RevokeExemplar'; today: BusinessDate; data: ExemplarRevoked['data'] };

export type ExemplarCommand = DesignateExemplar | RevokeExemplar;

/**
 * Cross-stream inputs for DesignateExemplar, loaded by the application:
 * - `subjectKnown`: the institution / official is registered;
 * - `records`: states of the record streams about the subject (for bans and listings).
 */
export interface ExemplarDecisionContext {
  subjectKnown: boolean;
  records: readonly RecordState[];
}

/** The reason the lapse saga gives when 联合惩戒 takes a red-list title away (domain.md §4.4). */
export const JOINT_PUNISHMENT = 'JOINT_PUNISHMENT';
