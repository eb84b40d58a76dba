/** 问责 and mitigation (domain.md §4.4). */
import { DomainError } from '../shared/domain-error';
import { ACCOUNTABILITY_MEASURES, MITIGATION_EFFECTS } from '../shared/enums';
import { assertNotInFuture, checks } from '../shared/validation';
import { isOfficialOf, principalLeaderOn } from '../institution/institution.queries';
import { addDays, isOnOrAfter } from '../values/business-date';
import { DecideAccountability, DecideMitigation, ReassignAccountability, RecordDecisionContext } from './record.commands';
import { RecordEvent } from './record.events';
import { requireActiveRecord } from './record.guards';
import { isListingRevoked, openObligations } from './record.queries';
import { DishonestyRecord, RecordState } from './record.state';

/**
 * A discipline body decides a measure for a person. It closes that person's open obligation, or an
 * open obligation that had no leader on record (the body names who answers for it). The person must
 * be a registered official (domain.md §2: 404 SUBJECT_NOT_FOUND), wherever they serve now.
 */
export function decideAccountability({ data, today }: DecideAccountability, state: RecordState, context: RecordDecisionContext): RecordEvent[] {
  const record = requireActiveRecord(state);
  const c = checks()
    .personId('personId', data.personId)
    .oneOf('measure', data.measure, ACCOUNTABILITY_MEASURES)
    .date('decidedOn', data.decidedOn)
    .text('documentNo', data.documentNo, 200)
    .text('authority', data.authority, 200)
    .optionalText('reason', data.reason);
  // 免于追责 must say why.
  if (data.measure === 'EXEMPTED' && data.reason === undefined) c.fail('reason', 'is required for EXEMPTED');
  c.done();
  assertNotInFuture({ decidedOn: data.decidedOn }, today);
  assertPersonKnown(data.personId, record, context);
  const open = openObligations(record);
  const obligation = open.find((o) => o.personId === data.personId) ?? open.find((o) => o.personId === null);
  // A decision answers an obligation, or at least the finding: it cannot come before either.
  checks()
    .notBefore('decidedOn', data.decidedOn, obligation ? 'the obligation’s requiredOn' : 'finding.findingOn', obligation?.requiredOn ?? record.finding.findingOn)
    .done();
  const { personId, measure, decidedOn, documentNo, authority, reason } = data;
  return [
    {
      type: 'AccountabilityDecided',
      data: {
        recordId: record.recordId,
        ...(obligation && { obligationId: obligation.obligationId }),
        personId,
        measure,
        decidedOn,
        documentNo,
        authority,
        ...(reason !== undefined && { reason }),
      },
    },
  ];
}

/**
 * Who may be held accountable: a person the record's obligations name (the leader on the deadline
 * day; appointing a leader registers them, so this only matters for a log that holds an appointment
 * without the registration), an official of the record's institution, or one registered anywhere
 * (a leader who has since moved to another institution still answers for this one's failing).
 */
function assertPersonKnown(personId: string, record: DishonestyRecord, { institution, existingOfficial }: RecordDecisionContext): void {
  if (record.obligations.some((o) => o.personId === personId)) return;
  if (isOfficialOf(institution, personId)) return;
  if (existingOfficial?.personId === personId) return;
  throw new DomainError('SUBJECT_NOT_FOUND', `official ${personId} is not registered`, { personId });
}

/** 主动挽回损失、消除不良影响 → 从轻或免于惩戒: officials only, decided once. */
export function decideMitigation({ data, today }: DecideMitigation, state: RecordState): RecordEvent[] {
  const record = requireActiveRecord(state);
  checks()
    .date('decidedOn', data.decidedOn)
    .oneOf('effect', data.effect, MITIGATION_EFFECTS)
    .text('basis', data.basis)
    // Mitigation answers a finding: dated before it, it would exempt the record on every date.
    .notBefore('decidedOn', data.decidedOn, 'finding.findingOn', record.finding.findingOn)
    .done();
  assertNotInFuture({ decidedOn: data.decidedOn }, today);
  if (record.subject.kind !== 'OFFICIAL') {
    throw new DomainError('MITIGATION_ONLY_FOR_OFFICIALS', 'mitigation applies to records about officials');
  }
  if (record.mitigation) throw new DomainError('MITIGATION_ALREADY_DECIDED', 'mitigation was already decided');
  return [
    {
      type: 'MitigationDecided',
      data: { recordId: record.recordId, personId: record.subject.id, decidedOn: data.decidedOn, effect: data.effect, basis: data.basis },
    },
  ];
}

/**
 * The leader on the deadline day is who the institution's record says now: an appointment entered
 * late (effective before a deadline) or racing the lapse moves each open obligation to the leader
 * it shows — the old one cancelled (LEADER_CORRECTED), a new one required of the right person,
 * both dated `today`, the requirement keeping its original requiredOn — none when that leader's
 * accountability for the record was already decided after the lapse. Nothing when all match;
 * decided obligations are facts and stay. Nothing either once the listing was revoked as wrong
 * (`LISTING_REVOKED`): no leader answers for that lapse, so no obligation is required anew — one a
 * log written before that decision left open is cancelled (`LISTING_REVOKED`), not moved.
 */
export function reassignAccountability({ today }: ReassignAccountability, state: RecordState, { institution }: RecordDecisionContext): RecordEvent[] {
  const record = requireActiveRecord(state);
  if (record.subject.kind !== 'INSTITUTION') return [];
  if (isListingRevoked(record)) return [];
  // Without the record's own institution there is no leadership to follow: change nothing.
  if (institution.status !== 'REGISTERED' || institution.uscc !== record.subject.id) return [];
  const events: RecordEvent[] = [];
  // Obligation ids number a record's obligations in order (as nextId does).
  let count = record.obligations.length;
  for (const obligation of openObligations(record)) {
    if (obligation.role !== 'LEADER_AT_DEADLINE') continue;
    // requiredOn is the lapse's effective date, the day after the deadline.
    const leader = principalLeaderOn(institution, addDays(obligation.requiredOn, -1));
    const personId = leader?.personId ?? null;
    if (personId === obligation.personId) continue;
    const cancelled: RecordEvent = {
      type: 'AccountabilityObligationCancelled',
      data: { recordId: record.recordId, obligationId: obligation.obligationId, cancelledOn: today, reason: 'LEADER_CORRECTED' },
    };
    // The right leader was already held to account for this record after the lapse (a decision
    // taken before this saga moved the obligation, naming no obligation since none was theirs):
    // that decision answers for it, so none is required of them again to stay open for good.
    if (personId !== null && record.accountabilityDecisions.some((d) => d.personId === personId && d.obligationId === undefined && isOnOrAfter(d.decidedOn, obligation.requiredOn))) {
      events.push(cancelled);
      continue;
    }
    count += 1;
    events.push(
      cancelled,
      {
        type: 'AccountabilityRequired',
        data: {
          recordId: record.recordId,
          obligationId: `obligation-${count}`,
          personId,
          name: leader?.name ?? null,
          role: 'LEADER_AT_DEADLINE',
          uscc: record.subject.id,
          requiredOn: obligation.requiredOn,
        },
      },
    );
  }
  return events;
}
