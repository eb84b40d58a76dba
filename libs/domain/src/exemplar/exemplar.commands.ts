import { RecordState } from '../record/record.state';
import { SubjectKind } from '../shared/enums';
import { BusinessDate } from '../values/business-date';

export type DesignateExemplar = {
  type: 'DesignateExemplar';
  today: BusinessDate;
  data: {
    exemplarId: string;
    subject: { kind: SubjectKind; id: string };
    title: string;
    basis: string;
    designatedOn: BusinessDate;
    validUntil?: BusinessDate;
  };
};

export type RevokeExemplar = {
  type: 'RevokeExemplar';
  today: BusinessDate;
  data: { exemplarId: string; on: BusinessDate; reason: string; causedByRecordId?: string };
};

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
