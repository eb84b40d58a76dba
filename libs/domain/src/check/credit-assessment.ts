/**
 * 逢审必查: what a credit check finds for a subject and a matter on a date (domain.md §4.8), and
 * the grey list (§4.7). Pure functions over record and commitment states the application loads.
 */
import { CommitmentState } from '../commitment/commitment.state';
import { dueOnAsOf, isOverdueOn } from '../commitment/commitment.queries';
import { CheckLevel, FindingKind, catalogueRestricts, measuresFor } from '../policies/measure-catalogue.data';
import { CheckMatter, SubjectKind } from '../shared/enums';
import { BusinessDate, isAfter } from '../values/business-date';
import {
  hasOpenRectificationOn,
  isBanActiveOn,
  restrictsOfficialOn,
  isInPublicationOn,
  isListedOn,
  isListingRevoked,
} from '../record/record.queries';
import { DishonestyRecord, RecordState } from '../record/record.state';

export interface CheckSubject {
  kind: SubjectKind;
  id: string;
}

export type CheckOutcome = 'CLEAR' | 'ATTENTION' | 'RESTRICTED';

export interface CheckMeasure {
  code: string;
  name: string;
  legalBasis: string;
}

export interface CheckFinding {
  kind: FindingKind;
  /** banId, recordId or commitmentId */
  ref: string;
  detail: string;
  level: CheckLevel;
  measures: CheckMeasure[];
}

export interface CreditAssessment {
  outcome: CheckOutcome;
  findings: CheckFinding[];
}

export interface AssessmentInput {
  subject: CheckSubject;
  matter: CheckMatter;
  on: BusinessDate;
  /** Records about the subject (others are ignored). */
  records: readonly RecordState[];
  /** Commitments of the institution (ignored for officials). */
  commitments?: readonly CommitmentState[];
}

/**
 * The records a check or the grey list weighs about a subject. A record revoked as wrong
 * (`RECORD_REVOKED`: "wrong from the start", domain.md §4.5) counts on no date, as its listing and
 * its voided ban do not: a check about a day before the revocation does not find it, nor does the
 * grey list on such a day. What was shown before stays visible through `knownAt` and the archive.
 */
const isAbout = (record: RecordState, subject: CheckSubject): record is DishonestyRecord =>
  record.status !== 'NONE' && record.status !== 'REVOKED' && record.subject.kind === subject.kind && record.subject.id === subject.id;

function finding(kind: FindingKind, ref: string, detail: string, level: CheckLevel, input: AssessmentInput): CheckFinding {
  const measures = measuresFor(kind, input.subject.kind, input.matter, level).map(({ code, name, legalBasis }) => ({ code, name, legalBasis }));
  return { kind, ref, detail, level, measures };
}

export function assessCredit(input: AssessmentInput): CreditAssessment {
  const { subject, matter, on } = input;
  const findings: CheckFinding[] = [];
  for (const record of input.records.filter((r): r is DishonestyRecord => isAbout(r, subject))) {
    // 评先评优: an active award ban restricts award evaluations, and only those.
    if (record.ban && matter === 'AWARD_EVALUATION' && isBanActiveOn(record, on)) {
      findings.push(finding('AWARD_BAN', record.ban.banId, `award ban ${record.ban.startsOn}–${record.ban.lastDay}`, 'RESTRICTED', input));
    }
    if (isListedOn(record, on)) {
      const level = catalogueRestricts('LISTING', subject.kind, matter) ? 'RESTRICTED' : 'ATTENTION';
      findings.push(finding('LISTING', record.recordId, `on the serious-dishonesty list since ${record.listing!.listedOn}`, level, input));
    } else if (isInPublicationOn(record, on)) {
      findings.push(finding('RECORD', record.recordId, `${record.severity} ${record.category} record in publication${mitigationNote(record, on)}`, recordLevel(record, input), input));
    }
    if (hasOpenRectificationOn(record, on)) {
      findings.push(finding('OPEN_RECTIFICATION', record.recordId, 'rectification ordered and not yet accepted', 'ATTENTION', input));
    }
  }
  if (subject.kind === 'INSTITUTION') {
    for (const c of input.commitments ?? []) {
      if (c.status === 'MADE' && c.institutionUscc === subject.id && isOverdueOn(c, on)) {
        findings.push(finding('OVERDUE_COMMITMENT', c.commitmentId, `commitment due ${dueOnAsOf(c, on)} not fulfilled`, 'ATTENTION', input));
      }
    }
  }
  const outcome: CheckOutcome = findings.some((f) => f.level === 'RESTRICTED')
    ? 'RESTRICTED'
    : findings.length > 0
      ? 'ATTENTION'
      : 'CLEAR';
  return { outcome, findings };
}

/**
 * An official's GENERAL or SERIOUS record in publication restricts awards and promotion unless a
 * mitigation decided by then exempted them; anything else in publication calls for attention.
 */
function recordLevel(record: DishonestyRecord, { subject, matter, on }: AssessmentInput): CheckLevel {
  const restricts = subject.kind === 'OFFICIAL' && (matter === 'AWARD_EVALUATION' || matter === 'PROMOTION') && restrictsOfficialOn(record, on);
  return restricts ? 'RESTRICTED' : 'ATTENTION';
}

/**
 * A mitigation decided for the official by D (从轻 or 免于惩戒): the approver applying the measures
 * must know that lighter treatment, or none, was decided (domain.md §4.4).
 */
function mitigationNote(record: DishonestyRecord, on: BusinessDate): string {
  const m = record.mitigation;
  if (!m || isAfter(m.decidedOn, on)) return '';
  return m.effect === 'REDUCED' ? `; mitigation REDUCED (从轻) decided ${m.decidedOn}: ${m.basis}` : `; mitigation EXEMPTED (免于惩戒) decided ${m.decidedOn}: ${m.basis}`;
}

/** Every distinct measure code a check returned: feedback must cover each of them. */
export const returnedMeasureCodes = (findings: readonly CheckFinding[]): string[] => [
  ...new Set(findings.flatMap((f) => f.measures.map((m) => m.code))),
];

export type GreyListReason = 'OPEN_RECTIFICATION_ORDER' | 'OVERDUE_COMMITMENT' | 'SERIOUS_RECORD_NOT_LISTED';

/**
 * 重点关注 on date D (domain.md §4.7): an open rectification order, an overdue open commitment, or
 * a SERIOUS record in publication that has not led to listing.
 */
export function greyListReasons(
  uscc: string,
  on: BusinessDate,
  records: readonly RecordState[],
  commitments: readonly CommitmentState[],
): GreyListReason[] {
  const about = records.filter((r): r is DishonestyRecord => isAbout(r, { kind: 'INSTITUTION', id: uscc }));
  const reasons: GreyListReason[] = [];
  if (about.some((r) => hasOpenRectificationOn(r, on))) reasons.push('OPEN_RECTIFICATION_ORDER');
  if (commitments.some((c) => c.status === 'MADE' && c.institutionUscc === uscc && isOverdueOn(c, on))) {
    reasons.push('OVERDUE_COMMITMENT');
  }
  if (about.some((r) => r.severity === 'SERIOUS' && !ledToListingBy(r, on) && isInPublicationOn(r, on))) reasons.push('SERIOUS_RECORD_NOT_LISTED');
  return reasons;
}

/**
 * Whether the record had led to listing by date D: a listing from a later date does not reach
 * back (before it the record was in publication and not listed), and a listing revoked as wrong
 * (LISTING_REVOKED) counts as never having happened.
 */
function ledToListingBy(record: DishonestyRecord, on: BusinessDate): boolean {
  return record.listing !== undefined && record.listing.listedOn <= on && !isListingRevoked(record);
}
