/**
 * The lapse (domain.md §4.4): when the deadline day has ended with no on-time report accepted or
 * awaiting review, one atomic decision records the lapse, lists the institution, imposes the
 * three-year award ban and requires accountability of the principal leader on the deadline day.
 * Effective deadline + 1 whenever noticed; exactly once.
 */
import { principalLeaderOn } from '../institution/institution.queries';
import { AWARD_BAN_PERIOD, policyByVersion } from '../policies/policies';
import { DomainError } from '../shared/domain-error';
import { BusinessDate, isBusinessDate } from '../values/business-date';
import { periodLastDay } from '../values/civil-period';
import { banIdForRecord } from '../streams';
import { LapseRectificationDeadline, RecordDecisionContext } from './record.commands';
import { RecordEvent } from './record.events';
import { nextId, requireActiveRecord } from './record.guards';
import { lapseDueOn } from './record.queries';
import { evolveRecord, RecordState } from './record.state';

export function lapseRectificationDeadline(
  { today }: LapseRectificationDeadline,
  state: RecordState,
  { institution }: RecordDecisionContext,
): RecordEvent[] {
  if (!isBusinessDate(today)) throw new DomainError('VALIDATION_FAILED', 'today must be a business date');
  const record = requireActiveRecord(state);
  const due = lapseDueOn(record, today);
  if (!due) throw new DomainError('RECTIFICATION_LAPSE_NOT_DUE', 'no rectification deadline has lapsed');
  if (record.subject.kind !== 'INSTITUTION') throw new DomainError('RECTIFICATION_ONLY_FOR_INSTITUTIONS', 'not an institution record');

  const uscc = record.subject.id;
  // Wiring guard: the leader must come from this record's institution, never another stream.
  if (institution.status === 'REGISTERED' && institution.uscc !== uscc) {
    throw new Error(`institution context ${institution.uscc} does not match record institution ${uscc}`);
  }
  const listedOn = due.effectiveOn;
  const listing = policyByVersion(record.policyVersion).LISTING;
  const leader = principalLeaderOn(institution, due.deadline);
  return [
    {
      type: 'RectificationDeadlineLapsed',
      data: { recordId: record.recordId, orderId: due.orderId, deadline: due.deadline, effectiveOn: due.effectiveOn },
    },
    {
      type: 'InstitutionListed',
      data: {
        recordId: record.recordId,
        uscc,
        listedOn,
        policyVersion: record.policyVersion,
        minimumLastDay: periodLastDay(listedOn, listing.minimum),
        publicationLastDay: periodLastDay(listedOn, listing.maximum),
      },
    },
    {
      type: 'AwardBanImposed',
      data: {
        banId: banIdForRecord(record.recordId),
        recordId: record.recordId,
        subject: { kind: 'INSTITUTION', id: uscc },
        startsOn: listedOn,
        lastDay: periodLastDay(listedOn, AWARD_BAN_PERIOD),
      },
    },
    {
      type: 'AccountabilityRequired',
      data: {
        recordId: record.recordId,
        obligationId: nextId('obligation', record.obligations),
        personId: leader?.personId ?? null,
        name: leader?.name ?? null,
        role: 'LEADER_AT_DEADLINE',
        uscc,
        requiredOn: listedOn,
      },
    },
  ];
}

/**
 * The record as it stands once the lapse already due as of `today` is noticed: the lapse's events
 * folded into the state (not written). The lapse is effective deadline + 1 whenever it is noticed,
 * so a decision that reads a listing or a ban on a day (a red-list designation) must not depend on
 * whether the deadline watcher has swept yet. The record itself when no lapse is due.
 */
export function withDueLapse(state: RecordState, today: BusinessDate, context: RecordDecisionContext): RecordState {
  const due = lapseDueOn(state, today);
  if (due === undefined) return state;
  const events = lapseRectificationDeadline({ type: 'LapseRectificationDeadline', today, data: { recordId: due.recordId } }, state, context);
  return events.reduce(evolveRecord, state);
}
